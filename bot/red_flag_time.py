"""When a red flag happened: now, recently (ask), or in the past — the time rule of the detector.

A finding that passed the negation, framing and subject checks of
``bot/red_flags.py`` gets one of three outcomes here:

* ``NOW``   — the patient's flag: it escalates;
* ``ASK``   — it happened recently and may be over: the bot asks ONE question,
              "Is this happening now?", before escalating or carrying on;
* ``PAST``  — old history or over: not the patient's flag now.

The rule, in order (the first that applies wins):

1. Present cue in the finding's own time segment → NOW: "now", "right now",
   "currently", "still", "since …", "keeps", "again", "lately", "at the moment",
   and change-of-state verbs that leave a state behind ("went blurry", "has gone
   yellow", "started hurting").
2. A later segment of the same sentence (without a finding of its own) that says
   it goes on ("and it's still there", "it came back", "it hasn't gone away") → NOW.
3. Said to be over — in a later segment ("but it went away", "I'm fine now",
   "that cleared up", "no longer") or in its own ("my chest pain from yesterday
   is gone") → PAST; but ASK when it was today ("this morning, but it's gone").
4. Today — "today", "tonight", "this morning/afternoon/evening", "this week" — or
   the present perfect without an old-time cue ("my joints have been killing me
   the last few days"; but "I've been depressed in the past" is rule 6) → NOW.
5. Recent-time cue → ASK: past tense within about the last 7 days — "yesterday",
   "last night", "this/last/at the weekend", "the other day", "1–7 days ago",
   "a week ago", "last week", "earlier this week", "on Monday".
6. Old-time cue → PAST: "last year/month/summer", "N weeks ago" (N ≥ 2),
   "8+ days ago", "months/years ago", "used to", "before I started (accutane)",
   "as a teenager", "when I was younger / 15", "in 2019", "back in high school",
   "in the past", "history of", "on my first course".
7. No cue at all → NOW. People report what just happened in the past tense
   ("I fainted", "I had a seizure"): without a time word, it is treated as now.
   A recent and an old cue together ask (rule 5 before 6).

Recall comes first, so some codes never wait for a question: ``IMMEDIATE``
codes (suicidal thoughts or self-harm, an overdose, a seizure, a pregnancy)
stay NOW when the time is recent or the patient says it is over — thoughts of
self-harm last night are a crisis now, an overdose keeps acting after it was
taken, a seizure is always over by the time anyone types, and a pregnancy
scare last week is still a possible pregnancy. Only an old-time cue (rule 5,
without rules 1, 2 and 4) makes them PAST.

A finding's own words are never its time cue ("stiff back", "passed out");
only a change-of-state word inside it counts ("my eyes have gone yellow").

A "time segment" is a clause of the sentence, cut further where a new statement
starts: after "and"/"so"/"then"/"," when a subject, "now", "today" or "still"
follows ("I had depression years ago and now I'm feeling low again" is two
segments). A time phrase that opens a sentence stays with what follows it
("Last night, I had chest pain").

The cue words are the phrase table below, read by the same Matcher as the red
flags (bot/red_flag_lexicons/en/README.md explains the phrase syntax).
"""
from __future__ import annotations

from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

NOW, ASK, PAST = "now", "ask", "past"

# Cue kinds. "ongoing" is a present cue that also reaches back to earlier findings of the sentence.
PRESENT, ONGOING, PERFECT, TODAY = "present", "ongoing", "perfect", "today"
RESOLVED, RECENT, OLD = "resolved", "recent", "old"
NOT_A_CUE = "not_a_cue"

IMMEDIATE: FrozenSet[str] = frozenset({"suicidal_thoughts", "overdose", "seizure", "pregnancy"})

_DAYS_RECENT = r"[1-7]|a|an|one|two|three|four|five|six|seven|few|couple|several"
_DAYS_OLD = r"[89]|[1-9]\d+|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty"
_WEEKS_OLD = r"[2-9]|[1-9]\d+|two|three|four|five|six|seven|eight|few|couple|several|many"
_MANY = r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|few|couple|several|many|some"
_WEEKDAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|wed|thurs|fri|sat|sun"

CUES: Dict[str, Tuple[str, ...]] = {
    PRESENT: (
        "now", "right now", "currently", "atm", "at the moment", "at present", "presently",
        "since", "lately", "these days", "nowadays", "ongoing", "keep|keeps|keeping",
        # change of state: the new state is still there ("went blurry", "has gone yellow")
        "went|gone|turned|turning|becoming|became|started|starting|began|begun|beginning",
    ),
    PERFECT: ("have|has been",),  # "my joints have been killing me this week"
    TODAY: ("today", "tonight", "this morning|afternoon|evening|week", "earlier today"),
    ONGOING: (
        "still", "again", "back again", "is|are|its back", "came|come|comes|coming back",
        "getting|gotten|got|get worse", "worse|worsening", "keeps|keep happening|coming",
        "not gone|stopped|better|cleared|passed|over", "never went|goes away",
        "will|would not go|stop", "not going away", "not go away",
    ),
    RESOLVED: (
        "went|gone away", "it|that|this|they|which {is|are|has|have} gone", "all gone", "gone now",
        "gone completely", "completely gone", "cleared|clears|clear up", "it|that|this|they|which cleared",
        "has|have cleared", "it|that|this|they passed", "has|have passed", "settled {down}", "resolved", "healed",
        "recovered",
        "got|get better", "fine|ok|okay|good|alright|better|well|normal now", "am|was fine|ok|okay|alright",
        "no longer", "over it", "it|that|this|they stopped", "has|have stopped", "back to normal",
        "all better", "never came back", "sorted itself out", "it is|was over", "not anymore",
    ),
    RECENT: (
        "yesterday|yday|yest", "last night|nite|evening|weekend|week", "this|the|at weekend", "the week",
        "the other day|night|week", "day before yesterday", "night before last",
        f"{_DAYS_RECENT} {{of}} days|day|nights|night ago|back",
        "a|an|one|1 week ago|back", "earlier this|in the week", "overnight",
        f"on|last {_WEEKDAY}", f"{_WEEKDAY} night|morning|evening|afternoon",
    ),
    OLD: (
        "years|months|decades|ages ago|back|before|earlier",
        f"{_MANY} {{of}} years|year|yrs|yr|months|month|decades|decade ago|back|before|earlier",
        f"{_WEEKS_OLD} {{of}} weeks|wks ago|back",
        f"{_DAYS_OLD} days ago|back",
        "last|previous year|month|summer|winter|spring|autumn|fall|christmas|easter|term|semester|course",
        "used to",
        "before|until i {first} started|start|began|went|was|took",
        "before starting|taking|beginning|going|i",
        "before <med>|treatment|roaccutane|accutane",
        "as a teen|teenager|kid|child|baby|toddler|student|youngster|little",
        "when i was younger|little|small|young|teen|teenager|kid|child|baby|student|[0-9]+",
        "when i was a|in|at kid|child|teen|teenager|baby|toddler|student|school|college|uni|university",
        "back in|at school|college|uni|university|19\\d\\d|20\\d\\d", "back in the day",
        "back in|at high|secondary|middle|primary|grade school",
        "in|during 19\\d\\d|20\\d\\d",
        "in|during my teens|twenties|twenty's|childhood|youth",
        "in|during the past", "in my past", "back then", "years back", "long ago", "ages ago",
        "a while ago|back", "long time ago", "previously", "history of", "growing up", "childhood",
        "on|during my first|last|previous|old course",
        "first|last|previous course",
    ),
    # "I'm used to it", "I got used to the dryness": not the past
    NOT_A_CUE: ("am|is|are|was|get|got|getting|be|been|become|so used to",),
}


def settle(cues: Iterable[Tuple[str, int, int]], words: Sequence[str],
           negations: FrozenSet[str]) -> List[Tuple[str, int, int]]:
    """Cue spans → the ones that count: a span inside a longer one drops ("fine now" is not "now"),
    NOT_A_CUE spans drop what they overlap, and a negated resolved cue means it goes on
    ("it hasn't gone away", "I'm not fine now")."""
    spans = sorted(set(cues), key=lambda c: (c[1], -(c[2] - c[1])))
    vetoes = [(s, e) for kind, s, e in spans if kind == NOT_A_CUE]
    kept: List[Tuple[str, int, int]] = []
    for kind, start, end in spans:
        if kind == NOT_A_CUE or any(s < end and start < e for s, e in vetoes):
            continue
        if any(s <= start and end <= e and (e - s) > (end - start) for other, s, e in spans if other != NOT_A_CUE):
            continue
        if kind == RESOLVED and negations & set(words[max(0, start - 3):start]):
            kind = ONGOING
        kept.append((kind, start, end))
    return kept


def timing(code: str, segment: Tuple[int, int], later_segments: Sequence[Tuple[int, int]],
           cues: Sequence[Tuple[str, int, int]], finding_segments: FrozenSet[Tuple[int, int]]) -> str:
    """NOW, ASK or PAST for a finding of ``code`` in its time ``segment`` (token span), by the rule of this module.

    ``later_segments``: the segments after it in the same sentence, in order; ``finding_segments``:
    those holding a finding (they speak for their own finding, not for this one).
    """
    own = _kinds(cues, *segment)
    if own & {PRESENT, ONGOING}:
        return NOW
    reaching_back = _reaching_back(later_segments, cues, finding_segments)
    if reaching_back == ONGOING:
        return NOW
    if code in IMMEDIATE:
        return PAST if OLD in own and not own & {RECENT, TODAY} else NOW
    if reaching_back == RESOLVED or RESOLVED in own:
        return ASK if TODAY in own else PAST
    if TODAY in own or (PERFECT in own and OLD not in own):
        return NOW
    if RECENT in own:
        return ASK
    return PAST if OLD in own else NOW


def _kinds(cues: Sequence[Tuple[str, int, int]], start: int, end: int) -> set:
    return {kind for kind, s, e in cues if start <= s < end}


def _reaching_back(later_segments: Sequence[Tuple[int, int]], cues: Sequence[Tuple[str, int, int]],
                   finding_segments: FrozenSet[Tuple[int, int]]) -> Optional[str]:
    """The first later segment without its own finding that says the finding goes on or is over."""
    for segment in later_segments:
        if segment in finding_segments:
            continue
        kinds = _kinds(cues, *segment)
        if ONGOING in kinds:
            return ONGOING
        if RESOLVED in kinds:
            return RESOLVED
    return None
