"""Red flags in Simplified Chinese and Spanish, from the lexicons in ``bot/red_flag_lexicons/``.

A lexicon (one YAML file per language, arranged by code) holds regular
expressions for every code of triage protocol v1 and the cue lists of four
checks, the same checks as the English detector (bot/red_flags.py), kept simple:

1. veto       — an idiom overlaps the finding ("笑死我了", "me muero de risa");
2. negation   — a negation at most ``negation_reach`` characters (Chinese) or
                words (Spanish) before it in its clause ("没有发烧", "sin fiebre",
                "ni fiebre ni dolor"), or a denial right after it ("fiebre: no");
                a negation inside a hedge ("不知道", "no sé si") denies nothing;
3. framing    — for urgent findings, a question or worry about a side effect
                ("会不会导致抑郁", "¿puede causar depresión?");
4. subject and time — the nearest person word before it in its clause says whose
                it is ("我朋友想自杀" goes to ``others``); a past time in
                its sentence, with nothing saying it is back now, means it is over
                ("去年发烧过"), except for suicidal thoughts and an overdose.

Recall comes first: with no cue, a finding is the patient's flag now.

Chinese is matched over characters, not words. Measured with
``scripts/measure_zh_segmentation.py`` on tests/data/red_flags_zh.yml (110
flags, 119 quiet messages): the same lexicon, keeping only findings that are
whole jieba 0.42.1 words, found 103/110 flags (jieba fuses words the patterns
cut elsewhere: "喘不过气来", "肿得厉害", "疼得厉害", "太多药"), 0 false flags,
0.071 ms median per message once its dictionary is loaded (about a second, and
a dependency); characters found 110/110, 0 false flags, 0.040 ms. The lexicon
was written on these cases, which favours characters somewhat; but a word
matcher could only lose matches, never gain them, so characters are kept.

Spanish is matched over whole words of the lower-case text with accents removed,
so "suicidarme", "quiero matarme" and "tengo fiebre y me duelen las
articulaciones" match however the accents are typed.

Output is bot/red_flags.py's ``RedFlagScan``: everything downstream is unchanged.
"""
from __future__ import annotations

import bisect
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Tuple

import yaml

from bot.red_flag_levels import FLAG_LEVEL
from bot.red_flags import RedFlag, RedFlagScan

logger = logging.getLogger(__name__)

LEXICON_DIR = Path(__file__).resolve().parent / "red_flag_lexicons"
LANGUAGES: Tuple[str, ...] = ("zh", "es")
_ORDER = {code: i for i, code in enumerate(FLAG_LEVEL)}
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]")
_MAX_CHARS = 20_000  # longer messages are scanned in their first 20 000 characters
_LOOKBACK = 120  # characters a cue (person word, frame) is looked for before a finding, within its clause


@dataclass(frozen=True)
class LexiconScan:
    found: RedFlagScan
    dismissed: FrozenSet[str]  # codes whose words were there but denied, past, hypothetical, idioms or others'


def detect(text: str, language: str) -> RedFlagScan:
    """Scan one message with one language's lexicon. Never raises."""
    return scan(text, language).found


def scan(text: str, language: str) -> LexiconScan:
    """``detect`` plus the codes it dismissed. Never raises; an error is logged without the text."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _scan(_lexicon(language), text[:_MAX_CHARS])
    except Exception:  # a crash here would silence every later check of the conversation
        logger.exception("%s red-flag scan failed on a message of %d characters", language, len(text))
        return LexiconScan(RedFlagScan(), frozenset())


def is_english_false_friend(evidence: str, language: str) -> bool:
    """Is this English-detector evidence an ordinary word of ``language`` ("pregunta" read as "pregnant")?"""
    lexicon = _lexicon(language)
    return bool(lexicon.english_false_friends.fullmatch(lexicon.prepare(evidence)[0].strip()))


def is_english_word(evidence: str, language: str) -> bool:
    """Is this evidence of ``language``'s lexicon also an English word ("suicidal")?"""
    lexicon = _lexicon(language)
    return bool(lexicon.english_words.fullmatch(lexicon.prepare(evidence)[0].strip()))


@dataclass(frozen=True)
class Lexicon:
    language: str
    by_word: bool  # Spanish: reach counted in words, patterns bounded by word edges
    negation_reach: int
    negations: Pattern[str]
    hedges: Pattern[str]
    after_negations: Pattern[str]
    clause_breaks: Pattern[str]
    sentence_breaks: Pattern[str]
    people: Pattern[str]  # named groups "self" and "other"
    past: Pattern[str]
    present: Pattern[str]
    frames: Pattern[str]
    past_stays: frozenset
    any_subject: frozenset
    findings: Dict[str, Pattern[str]]
    vetoes: Dict[str, Pattern[str]]
    part_codes: Dict[str, Optional[str]]
    combinations: Dict[str, Tuple[Tuple[str, ...], ...]]
    supersedes: Dict[str, str]
    fold: Dict[int, str]
    english_false_friends: Pattern[str]
    english_words: Pattern[str]

    def prepare(self, text: str) -> Tuple[str, str]:
        """(text to match, text to quote as evidence), of the same length character for character."""
        shown = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
        matched = "".join(c.lower()[:1] or c for c in shown).translate(self.fold)  # "İ".lower() is 2 characters
        if self.by_word:
            matched = "".join(_without_accent(c) for c in matched)
        return matched, shown


def _without_accent(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isalpha() else char


@functools.lru_cache(maxsize=None)
def _lexicon(language: str) -> Lexicon:
    """Read and compile one lexicon, once, on first use."""
    data = yaml.safe_load((LEXICON_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    by_word = data["unit"] == "word"

    def alternatives(items: List[str]) -> Pattern[str]:
        body = "|".join(f"(?:{item})" for item in items)
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if by_word else body)

    pairs = data.get("traditional", "").split()
    people = (f"(?P<self>{alternatives(data['self_words']).pattern})"
              f"|(?P<other>{alternatives(data['other_people']).pattern})")
    findings = {**data["codes"], **data["parts"]}
    return Lexicon(
        language=language,
        by_word=by_word,
        negation_reach=data["negation_reach"],
        negations=alternatives(data["negations"]),
        hedges=alternatives(data["hedges"]),
        after_negations=re.compile(data["after_negations"]),
        clause_breaks=re.compile(data["clause_breaks"]),
        sentence_breaks=re.compile(data["sentence_breaks"]),
        people=re.compile(people),
        past=alternatives(data["past"]),
        present=alternatives(data["present"]),
        frames=alternatives(data["frames"]),
        past_stays=frozenset(data["past_stays"]),
        any_subject=frozenset(data["any_subject"]),
        findings={name: alternatives(patterns) for name, patterns in findings.items()},
        vetoes={name: alternatives(patterns) for name, patterns in data["vetoes"].items()},
        part_codes=data["part_codes"],
        combinations={code: tuple(tuple(group) for group in groups) for code, groups in data["combinations"].items()},
        supersedes=data["supersedes"],
        fold=str.maketrans({pair[0]: pair[1] for pair in pairs}),
        english_false_friends=_words(data.get("english_false_friends", ())),
        english_words=_words(data.get("english_words", ())),
    )


def _words(patterns: List[str]) -> Pattern[str]:
    return re.compile("|".join(f"(?:{word})" for word in patterns) or "(?!)")  # (?!) matches nothing


class _Message:
    """One prepared message with its clause and sentence bounds, for the checks below."""

    def __init__(self, lexicon: Lexicon, text: str):
        self.lexicon = lexicon
        self.text, self.shown = lexicon.prepare(text)
        self.clause_starts = [0] + [m.end() for m in lexicon.clause_breaks.finditer(self.text)]
        self.sentence_starts = [0] + [m.end() for m in lexicon.sentence_breaks.finditer(self.text)]
        self.hedged = bytearray(len(self.text))  # 1 where a hedge ("不知道", "no sé") covers the character
        for hedge in lexicon.hedges.finditer(self.text):
            self.hedged[hedge.start():hedge.end()] = b"\x01" * (hedge.end() - hedge.start())
        self._over: Dict[int, bool] = {}  # sentence start → has a past time and nothing present

    def cue_window(self, position: int) -> int:
        """Where cues for a finding at ``position`` are looked for: its clause, at most _LOOKBACK back."""
        return max(self.clause_start(position), position - _LOOKBACK)

    def sentence_is_past(self, position: int) -> bool:
        start, end = self.sentence(position)
        if start not in self._over:
            past, present = self.lexicon.past, self.lexicon.present
            self._over[start] = bool(past.search(self.text, start, end)) and not present.search(self.text, start, end)
        return self._over[start]

    def clause_start(self, position: int) -> int:
        return self.clause_starts[bisect.bisect_right(self.clause_starts, position) - 1]

    def sentence(self, position: int) -> Tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, position)
        end = self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[i - 1], end

    def distance(self, start: int, end: int) -> int:
        """Words (Spanish) or characters (Chinese) between two positions."""
        between = self.text[start:end]
        return len(between.split()) if self.lexicon.by_word else len("".join(between.split()))


def _negated(msg: _Message, start: int, end: int) -> bool:
    lexicon = msg.lexicon
    if lexicon.after_negations.match(msg.text, end):
        return True
    cues = [m for m in lexicon.negations.finditer(msg.text, msg.cue_window(start), start)
            if not msg.hedged[m.start()]]
    return bool(cues) and msg.distance(cues[-1].end(), start) <= lexicon.negation_reach


def _hypothetical(msg: _Message, finding: str, start: int) -> bool:
    if _level(msg.lexicon, finding) != "urgent":
        return False
    return bool(msg.lexicon.frames.search(msg.text, msg.cue_window(start), start))


def _over(msg: _Message, finding: str, start: int) -> bool:
    """A past time in the finding's sentence ("去年发烧过", "tuve fiebre el año pasado"), nothing saying it is back."""
    if _code(msg.lexicon, finding) in msg.lexicon.past_stays:
        return False
    return msg.sentence_is_past(start)


def _someone_else(msg: _Message, finding: str, start: int, end: int) -> bool:
    lexicon = msg.lexicon
    if finding in lexicon.any_subject:
        return False
    if any(m.group("self") for m in lexicon.people.finditer(msg.text, start, end)):  # "伤害自己", "me quiero morir"
        return False
    cues = list(lexicon.people.finditer(msg.text, msg.cue_window(start), start))
    return bool(cues) and bool(cues[-1].group("other"))


def _code(lexicon: Lexicon, finding: str) -> Optional[str]:
    return lexicon.part_codes.get(finding, finding)


def _level(lexicon: Lexicon, finding: str) -> str:
    code = _code(lexicon, finding)
    return FLAG_LEVEL[code] if code else "urgent"


def _codes(lexicon: Lexicon, found: Dict[str, str]) -> Dict[str, str]:
    """finding → evidence, into code → evidence, combinations included (as bot/red_flags.py does)."""
    codes: Dict[str, str] = {}
    for finding, evidence in found.items():
        code = _code(lexicon, finding)
        if code and code not in codes:
            codes[code] = evidence
    for code, groups in lexicon.combinations.items():
        parts = [next((found[f] for f in group if f in found), None) for group in groups]
        if all(parts) and code not in codes:
            codes[code] = " + ".join(parts)
    for code, weaker in lexicon.supersedes.items():
        if code in codes:
            codes.pop(weaker, None)
    return codes


def _scan(lexicon: Lexicon, text: str) -> LexiconScan:
    msg = _Message(lexicon, text)
    own: Dict[str, Tuple[int, str]] = {}  # finding → (position, evidence): the earliest report wins
    others: Dict[str, Tuple[int, str]] = {}
    dismissed = set()
    for finding, pattern in lexicon.findings.items():
        veto = lexicon.vetoes.get(finding)
        vetoed = [m.span() for m in veto.finditer(msg.text)] if veto else []
        for match in pattern.finditer(msg.text):
            start, end = match.span()
            if any(s < end and start < e for s, e in vetoed) or _negated(msg, start, end) \
                    or _hypothetical(msg, finding, start) or _over(msg, finding, start):
                dismissed.add(_code(lexicon, finding))
                continue
            target = others if _someone_else(msg, finding, start, end) else own
            if finding not in target:
                target[finding] = (start, msg.shown[start:end])
    own_codes = _codes(lexicon, {f: ev for f, (_, ev) in sorted(own.items(), key=lambda kv: kv[1][0])})
    other_codes = _codes(lexicon, {f: ev for f, (_, ev) in others.items()})
    flags = tuple(RedFlag(code, FLAG_LEVEL[code], evidence)
                  for code, evidence in sorted(own_codes.items(), key=lambda kv: _ORDER[kv[0]]))
    found = RedFlagScan(flags, tuple(sorted(set(other_codes) - set(own_codes), key=_ORDER.get)))
    return LexiconScan(found, frozenset((dismissed | set(other_codes)) - set(own_codes) - {None}))
