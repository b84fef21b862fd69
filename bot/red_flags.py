"""Red-flag detection: finds triage protocol v1's red flags in any patient message.

Deterministic, rule-based, no model: a blank English spaCy tokenizer and one
Matcher built from the readable table in ``bot/red_flag_lexicons/en/``. Each
match (a "finding") then has to pass four checks, each a small function below:

1. veto       — an idiom or harmless use overlaps it ("kms" after a number,
                "chest acne", "blister pack");
2. negation   — "no fever", "never had joint pain", "my period isn't late";
                hedges stay flags ("not sure if I'm pregnant");
3. framing    — a question or worry about a side effect is not a symptom
                ("will it make me depressed?", "is joint pain a side effect?");
4. subject    — "my friend was depressed", "a girl on reddit had chest pain" go to
                ``others``, except an overdose: someone else taking the medicine is the
                patient's emergency;
5. time       — "I had a fever last year", "I used to have anxiety but I'm fine now"
                go to ``past``; "I had a fever yesterday" goes to ``unclear``: it needs
                one question ("Is this happening now?") before it escalates. The rule,
                with what "recent" means, is in ``bot/red_flag_time.py``.

Findings then become codes, including the combinations (blistering/peeling
skin or a rash + fever → ``blistering_skin_with_fever``). Recall comes first:
when a rule is unsure, the finding stays a flag.
"""
from __future__ import annotations

import functools
import html
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Set, Tuple

from bot import negation
from bot import red_flag_patterns as table
from bot import red_flag_time as time_rule
from bot.red_flag_levels import EMERGENCY_CODES, FLAG_LEVEL, URGENT_CODES

logger = logging.getLogger(__name__)

_ORDER = {code: i for i, code in enumerate(EMERGENCY_CODES + URGENT_CODES)}


@dataclass(frozen=True)
class RedFlag:
    code: str
    level: str  # "emergency" | "urgent"
    evidence: str  # the matched words, for DEBUG logs and clinician summaries


@dataclass(frozen=True)
class RedFlagScan:
    flags: Tuple[RedFlag, ...] = ()  # the patient's own flags, one per code, emergency first
    others: Tuple[str, ...] = ()  # codes mentioned about someone else
    unclear: Tuple[RedFlag, ...] = ()  # the patient's, but recent and maybe over: ask "is this happening now?"
    past: Tuple[str, ...] = ()  # codes the patient mentioned as old history or over

    @property
    def to_ask(self) -> Optional[RedFlag]:
        """The one flag to ask about, only when nothing escalates by itself."""
        return None if self.flags or not self.unclear else self.unclear[0]

    @property
    def level(self) -> Optional[str]:
        return self.flags[0].level if self.flags else None

    @property
    def codes(self) -> Tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)

    @property
    def primary(self) -> Optional[RedFlag]:
        return self.flags[0] if self.flags else None


def detect(text: str) -> RedFlagScan:
    """Scan one message. Never raises; an internal error is logged (without the text)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _scan(text)
    except Exception:  # a crash here would silence every later check of the conversation
        logger.exception("red-flag scan failed on a message of %d characters", len(text))
        return RedFlagScan()


# --- Text preparation ------------------------------------------------------------------------
# Tabs, controls and lone surrogates (JSON can carry "\ud800"; spaCy cannot encode it) → space; keep \n.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_BLANKS = re.compile(r"[^\S\n]+")  # "chest  pain" with two spaces is "chest pain"
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")  # zero-width, bidi marks
_TAGS = re.compile(r"<[^<>]{0,200}>")  # HTML tags from web widgets
_LONG_RUN = re.compile(r"\S{100}")  # no word is this long; the tokenizer is slow on endless runs
_REPEATS = re.compile(r"([^\w\s])\1{3,}")  # "!!!!!!!!", "😭😭😭😭😭": three say as much
_QUOTES = str.maketrans({c: "'" for c in "\u2018\u2019\u201b\u2032\u00b4`"})
_PIECE = 20_000  # characters per Doc; longer messages are scanned piece by piece


def _clean(text: str) -> str:
    """Tags dropped, entities decoded, full-width forms folded, curly quotes straightened, controls removed."""
    text = unicodedata.normalize("NFKC", html.unescape(_TAGS.sub(" ", html.unescape(text)))).translate(_QUOTES)
    text = _BLANKS.sub(" ", _CONTROL.sub(" ", _INVISIBLE.sub("", text)))
    return _LONG_RUN.sub(lambda run: run.group() + " ", _REPEATS.sub(r"\1\1\1", text))


def _pieces(text: str) -> Iterator[str]:
    """Cut very long text at whitespace so no Doc exceeds _PIECE characters."""
    while len(text) > _PIECE:
        cut = max(text.rfind(" ", 0, _PIECE), text.rfind("\n", 0, _PIECE))
        cut = cut if cut > 0 else _PIECE
        yield text[:cut]
        text = text[cut:]
    yield text


# --- The matcher --------------------------------------------------------------------------------
_PLAIN = re.compile(r"[a-z0-9'\-/&%°º]+")
_GAP_STOP = sorted(table.NEGATIONS | {"but", "however", "although", "though", "except", "yet"}
                   | {short for short, word in table.SHORT_FORMS.items() if word in table.NEGATIONS})
_GAP = {"LOWER": {"NOT_IN": _GAP_STOP}, "IS_PUNCT": False, "IS_SPACE": False, "OP": "?"}
_GAP_WORDS = 3
_NEGATION_REACH = 6  # words between a negation and the finding it denies


def _split_top(item: str) -> List[str]:
    """Split on "|" outside regex parentheses."""
    parts, depth, current = [], 0, ""
    for char in item:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def _alternatives(item: str) -> List[str]:
    """Every spelling one pattern item allows: word classes expanded, contracted forms added."""
    words: List[str] = []
    for alt in _split_top(item):
        if alt.startswith("<") and alt.endswith(">"):
            words.extend(_split_top(table.WORDS[alt[1:-1]]))
        else:
            words.append(alt)
    short = [s for w in words for s, full in table.SHORT_FORMS.items() if full == w]
    return list(dict.fromkeys(words + short))


def _matcher_patterns(phrase: str) -> List[List[dict]]:
    """One phrase of the table → spaCy Matcher patterns, one per spelling of the first word.

    The Matcher tries every pattern at every token; an exact first word is
    checked in C, a list of words in Python, so exact first words keep a
    10 000-character message fast.
    """
    specs = _token_specs(phrase)
    first = specs[0]
    if "OP" in first or "IN" not in first["LOWER"]:
        return [specs]
    return [[{"LOWER": word}] + specs[1:] for word in first["LOWER"]["IN"]]


def _token_specs(phrase: str) -> List[dict]:
    """One phrase of the table → one token pattern."""
    specs: List[dict] = []
    for item in phrase.split():
        if item == "...":
            specs.extend(dict(_GAP) for _ in range(_GAP_WORDS))
            continue
        optional = item.startswith("{") and item.endswith("}")
        alts = _alternatives(item[1:-1] if optional else item)
        if all(_PLAIN.fullmatch(a) for a in alts):
            spec: dict = {"LOWER": {"IN": alts}}
        else:  # typo-tolerant word shapes are regexes over the lower-case word
            spec = {"LOWER": {"REGEX": "^(?:" + "|".join(alts) + ")$"}}
        if optional:
            spec["OP"] = "?"
        specs.append(spec)
    return specs


@functools.lru_cache(maxsize=1)
def _pipeline():
    """The blank English tokenizer and the Matcher over every table, built once on first use."""
    import spacy  # imported here: loading spaCy is slow and importing this module must stay cheap
    from spacy.matcher import Matcher
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    # "temp:39", "temp=39" → separate tokens, so the number can be read
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[a-z])[:=](?=[0-9])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    matcher = Matcher(nlp.vocab)
    groups = [("F|" + finding, phrases) for finding, phrases in table.PATTERNS.items()]
    groups += [("V|" + finding, phrases) for finding, phrases in table.VETOES.items()]
    groups += [("FRAME", table.FRAMES), ("FRAME_ANY", table.FRAMES_ANYWHERE), ("FRAME_URGENT", table.FRAMES_URGENT)]
    groups += [("T|" + kind, phrases) for kind, phrases in time_rule.CUES.items()]
    for key, phrases in groups:
        matcher.add(key, [pattern for phrase in phrases for pattern in _matcher_patterns(phrase)])
    return nlp, matcher


# --- Context rules ------------------------------------------------------------------------------
class _Context:
    """One Doc with what the rules need: normalised words, sentence and clause bounds, cue spans."""

    def __init__(self, doc, matches):
        self.doc = doc
        self.words = [table.SHORT_FORMS.get(t.lower_, t.lower_) for t in doc]
        self.tokens = negation.Tokens(self.words, [t.is_punct for t in doc], [t.is_space for t in doc])
        self.sentence = self._bounds(lambda i: False)
        self.clause = self._bounds(self._clause_break)
        self.findings: Dict[str, List[Tuple[int, int]]] = {}
        self.vetoes: Dict[str, List[Tuple[int, int]]] = {}
        self.frames: List[Tuple[int, int]] = []
        self.frames_anywhere: List[Tuple[int, int]] = []
        self.frames_urgent: List[Tuple[int, int]] = []
        time_cues: List[Tuple[str, int, int]] = []
        vocab = doc.vocab.strings
        for key, start, end in matches:
            kind, _, name = vocab[key].partition("|")
            if kind == "F":
                self.findings.setdefault(name, []).append((start, end))
            elif kind == "T":
                time_cues.append((name, start, end))
            elif kind == "V":
                self.vetoes.setdefault(name, []).append((start, end))
            elif kind == "FRAME_URGENT":
                self.frames_urgent.append((start, end))
            else:
                self.frames.append((start, end))
                if kind == "FRAME_ANY":
                    self.frames_anywhere.append((start, end))
        self.symptom_tokens: Set[int] = {i for spans in self.findings.values() for s, e in spans
                                         for i in range(s, e)}
        # a finding's own words are no time cue ("stiff back", "passed out"), except a change of state
        self.time_cues = time_rule.settle([c for c in time_cues if c[0] == time_rule.PRESENT
                                           or not any(i in self.symptom_tokens for i in range(c[1], c[2]))],
                                          self.words, table.NEGATIONS)
        cue_tokens = {i for _, s, e in self.time_cues for i in range(s, e)}
        self.segments = self._segments(cue_tokens)
        self.segment = [seg for seg in self.segments for _ in range(*seg)]
        self.finding_segments = frozenset(self.segment[s] for spans in self.findings.values() for s, _ in spans)

    def ends_sentence(self, i: int) -> bool:
        """A token ending in . ! ? or a line break ends a sentence ("Dr." and "e.g." too: harmless)."""
        token = self.doc[i]
        return token.text.endswith((".", "!", "?", "…")) or (token.is_space and "\n" in token.text)

    def _clause_break(self, i: int) -> bool:
        token = self.doc[i]
        return (token.is_punct and token.text not in ("'", '"', "-", "/")) or self.words[i] in table.CLAUSE_ENDS

    def _bounds(self, also_break) -> List[Tuple[int, int]]:
        """For every token, the (start, end) of the sentence or clause holding it."""
        n, bounds, start = len(self.doc), [], 0
        for i in range(n):
            if self.ends_sentence(i) or also_break(i) or i == n - 1:
                bounds.extend([(start, i + 1)] * (i + 1 - start))
                start = i + 1
        return bounds

    def _segments(self, cue_tokens: Set[int]) -> List[Tuple[int, int]]:
        """Time segments (bot/red_flag_time.py): clauses, also cut where a new statement starts after
        "and"/"so"/","; a sentence-opening time phrase ("Last night, I …") stays with what follows."""
        segments, start = [], 0
        for i in range(1, len(self.doc) + 1):
            if i < len(self.doc) and not self._starts_segment(i, start, cue_tokens):
                continue
            segments.append((start, i))
            start = i
        return segments

    def _starts_segment(self, i: int, start: int, cue_tokens: Set[int]) -> bool:
        if self.sentence[i][0] == i or self.words[i] in table.CLAUSE_ENDS:
            return True
        previous = i - 1 if not self.doc[i - 1].is_space else i - 2
        if previous < start or self.words[i] not in table.SEGMENT_STARTS or self.words[previous] not in table.JOINERS:
            return False
        return any(j not in cue_tokens and not self.doc[j].is_punct and not self.doc[j].is_space
                   and self.words[j] not in table.JOINERS for j in range(start, previous))

    def later_segments(self, i: int) -> List[Tuple[int, int]]:
        """The time segments after token i's, in its sentence."""
        sentence_end, own = self.sentence[i][1], self.segment[i]
        return [seg for seg in self.segments if own[1] <= seg[0] < sentence_end]

    def is_question(self, i: int) -> bool:
        """Does the clause holding token i start like a question ("I'm a guy, does that matter...")?"""
        start, end = self.clause[i]
        first, second = ([w for j, w in enumerate(self.words[start:end], start) if not self.doc[j].is_space]
                         + ["", ""])[:2]
        return first in table.QUESTION_WORDS or second != "not" and (
            first in table.QUESTION_VERBS or first in table.QUESTION_MODALS and second in table.QUESTION_SUBJECTS)


def _vetoed(ctx: _Context, finding: str, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ctx.vetoes.get(finding, ()))


# The negation rule is bot/negation.py's; these are the detector's words for it (bot/red_flag_patterns.py).
_NEGATION = negation.Cues(
    negations=table.NEGATIONS, reach=_NEGATION_REACH, hedges=table.HEDGES, emphasis=table.EMPHASIS,
    scope_ends=table.SCOPE_ENDS, new_subjects=table.NEW_SUBJECTS, denial_nouns=table.DENIAL_NOUNS,
    targets=table.NEGATION_TARGETS, new_phrases=table.NEW_PHRASES, list_words=table.LIST_WORDS,
    after_negations=table.AFTER_NEGATIONS, reversals=table.REVERSALS, lists=True,
)


def _negated(ctx: _Context, start: int, end: int) -> bool:
    """Is the finding denied? "no fever", "never had joint pain", "fever: no".

    A negation word reaches at most 6 words forward and stops at a clause end,
    "but"-like words and a new subject ("I don't think I'm pregnant" stays a
    flag). It crosses commas only in a list of findings that ends in "or":
    "no fever, chills or joint pain".
    """
    return negation.negated(ctx.tokens, start, end, _NEGATION, sentence=ctx.sentence[start],
                            clause_end=ctx.clause[end - 1][1], listed=ctx.symptom_tokens)


def _hypothetical(ctx: _Context, finding: str, start: int, end: int) -> bool:
    """A question or worry about a side effect rather than a symptom.

    The nearest cue before the finding wins: a frame ("will it make me",
    "risk of", "can you get"; for urgent findings also a condition, "if I
    feel low") makes it hypothetical, a first-person marker ("I", "my") makes
    it the patient's. With neither, a frame later in the clause ("is joint
    pain a side effect?") or — for urgent findings only — a bare question
    without any first-person word is hypothetical too.
    """
    clause_start, clause_end = ctx.clause[start]
    frames = ctx.frames + (ctx.frames_urgent if _level(finding) == "urgent" else [])
    # a frame may end inside the finding ("if I feel" + "feel low"), not past it
    frame_end = max((min(e, start) for s, e in frames if clause_start <= s < start and e <= end), default=None)
    marker = max((i for i in range(clause_start, start) if ctx.words[i] in table.MARKERS), default=None)
    if frame_end is not None:
        return marker is None or frame_end > marker
    if marker is not None or (start > clause_start and ctx.words[start - 1] in table.DEFINITE):
        return False
    if any(w in table.MARKERS for w in ctx.words[end:clause_end]):
        return False
    if any(s >= end and e <= clause_end for s, e in ctx.frames_anywhere):
        return True
    return _level(finding) == "urgent" and ctx.is_question(start)


def _subject(ctx: _Context, start: int, end: int) -> str:
    """ "self" or "other": "me"/"myself" in the finding, else the nearest person word before it in its
    clause; none means the patient."""
    if any(w in table.SELF_WORDS for w in ctx.words[start:end]):  # "better off without me"
        return "self"
    words = ctx.words
    for i in range(start - 1, ctx.clause[start][0] - 1, -1):
        if words[i] == "i" and i > 0 and words[i - 1] in table.OTHER_PEOPLE and words[i + 1] in table.RELATIVE_VERBS:
            return "other"  # "this guy I know got …"
        if words[i] in table.SELF_WORDS:
            return "self"
        if words[i] in table.OTHER_PEOPLE:
            return "other"
    return "self"


def _level(finding: str) -> str:
    code = table.FINDING_CODE.get(finding, finding)
    return FLAG_LEVEL[code] if code else "urgent"


# --- From findings to codes ----------------------------------------------------------------------
def _codes(found: Dict[str, str]) -> Dict[str, str]:
    """finding → evidence, into code → evidence, combinations included."""
    codes: Dict[str, str] = {}
    for finding, evidence in found.items():
        code = table.FINDING_CODE.get(finding, finding)
        if code and code not in codes:
            codes[code] = evidence
    for code, groups in table.COMBINATIONS.items():
        parts = [next((found[f] for f in group if f in found), None) for group in groups]
        if all(parts) and code not in codes:
            codes[code] = " + ".join(parts)
    _drop_superseded(codes)
    return codes


def _when(ctx: _Context, finding: str, start: int) -> str:
    code = table.FINDING_CODE.get(finding, finding) or finding
    return time_rule.timing(code, ctx.segment[start], ctx.later_segments(start), ctx.time_cues, ctx.finding_segments)


def _scan(text: str) -> RedFlagScan:
    nlp, matcher = _pipeline()
    cleaned = _clean(text)
    own: Dict[str, Tuple[int, str]] = {}  # finding → (position, evidence): the earliest report wins
    others: Dict[str, Tuple[int, str]] = {}
    unclear: Dict[str, Tuple[int, str]] = {}
    past: Dict[str, Tuple[int, str]] = {}
    offset = 0
    for piece in _pieces(cleaned):
        lowered = piece.lower()
        doc = nlp.make_doc(lowered)
        original = piece if len(lowered) == len(piece) else lowered  # evidence keeps the patient's case
        ctx = _Context(doc, matcher(doc))
        for finding, spans in ctx.findings.items():
            for start, end in spans:
                if _vetoed(ctx, finding, start, end) or _negated(ctx, start, end) \
                        or _hypothetical(ctx, finding, start, end):
                    continue
                span = doc[start:end]
                evidence = original[span.start_char:span.end_char]
                who = "self" if finding in table.ANY_SUBJECT else _subject(ctx, start, end)
                if who != "self":
                    target = others
                else:
                    target = {time_rule.NOW: own, time_rule.ASK: unclear, time_rule.PAST: past}[
                        _when(ctx, finding, start)]
                position = offset + span.start_char
                if finding not in target or position < target[finding][0]:
                    target[finding] = (position, evidence)
        offset += len(piece)
    own_codes = _codes(_in_order(own))
    with_unclear = _codes({**_in_order(unclear), **_in_order(own)})
    # a combination with one part now and the other recent is now: recall first
    own_codes.update((code, ev) for code, ev in with_unclear.items()
                     if code in table.COMBINATIONS and code not in own_codes and _has_part(code, own))
    _drop_superseded(own_codes)
    unclear_codes = {code: ev for code, ev in with_unclear.items()
                     if code not in own_codes and not _superseded(code, own_codes)}
    other_codes = _codes({f: ev for f, (_, ev) in others.items()})
    past_codes = _codes(_in_order(past))
    return RedFlagScan(
        _flags(own_codes),
        _sorted(set(other_codes) - set(own_codes)),
        unclear=_flags(unclear_codes),
        past=_sorted(set(past_codes) - set(own_codes) - set(unclear_codes)),
    )


def _in_order(found: Dict[str, Tuple[int, str]]) -> Dict[str, str]:
    return {f: ev for f, (_, ev) in sorted(found.items(), key=lambda kv: kv[1][0])}


def _has_part(code: str, found: Dict[str, Tuple[int, str]]) -> bool:
    return any(f in found for group in table.COMBINATIONS[code] for f in group)


def _superseded(code: str, codes: Dict[str, str]) -> bool:
    return any(weaker == code for stronger, weaker in table.SUPERSEDES.items() if stronger in codes)


def _drop_superseded(codes: Dict[str, str]) -> None:
    for code, weaker in table.SUPERSEDES.items():
        if code in codes:
            codes.pop(weaker, None)


def _flags(codes: Dict[str, str]) -> Tuple[RedFlag, ...]:
    return tuple(RedFlag(code, FLAG_LEVEL[code], evidence)
                 for code, evidence in sorted(codes.items(), key=lambda kv: _ORDER[kv[0]]))


def _sorted(codes: Set[str]) -> Tuple[str, ...]:
    return tuple(sorted(codes, key=_ORDER.get))
