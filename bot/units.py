"""Text → number parsing for the flare form: dose, weight, weeks, yes/no, extent, temperature.

Patients answer the way they talk ("about 2 months", "9 stone 4", "20mg twice a
day", "since mid-October"). Everything here is pure: a normalised copy of the
text, a small word-number converter and plain regexes (no nested quantifiers, so
10 000 characters parse in tens of milliseconds), with no Rasa or spaCy dependency.

No parser raises on any str. A problem comes back in ``Parsed.problem`` so the
form can re-ask: "empty", "no_number", "wrong_unit", "out_of_range",
"ambiguous" or "unclear", with the unit concerned in ``Parsed.detail``.
``Parsed.value`` is None whenever ``problem`` is set: an impossible value is
reported, never clamped, and never handed on by mistake.

The choices made where the brief was silent are listed in ``DECISIONS`` below.
"""
from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, List, Optional, Tuple

__all__ = [
    "LIMITS",
    "Parsed",
    "Quantity",
    "extract_quantities",
    "parse_dose_mg",
    "parse_flare_extent",
    "parse_temperature_c",
    "parse_weeks",
    "parse_weight_kg",
    "parse_yes_no",
    "within_limits",
]

DECISIONS = """
All parsers
- Parsed.value is None whenever Parsed.problem is set (out_of_range carries no value).
- Rounding: dose 0.1 mg, weight 0.01 kg (so "9 stone 4" is 58.97 as in the brief's example),
  weeks 0.1, temperature 0.1 °C; range checks apply to the rounded value.
- Details: wrong_unit -> the unit seen ("kg", "lb", "st", "mg", "g", "mcg", "mg/kg", "capsule",
  "cm", "ft", "day", "week", "month", "year", "hour", "minute", "time", "fortnight", "°C", "°F", "°", "ml", "%");
  out_of_range -> "mg", "kg", "weeks", "date" (future date) or the scale typed ("°C"/"°F");
  ambiguous -> "mg", "kg", "weeks", "date", or "but" for yes/no.
- Decimal comma when 1-2 digits follow ("62,5"); thousands separator when 3 follow ("4,000").
- Negative numbers ("-5 kg", "minus 5") are out_of_range; "20-40" is a range, not -40.
- When a unit of the right kind is present, other bare numbers are ignored ("I'm 19 and take
  40mg" -> 40) unless joined to it by and/or/to/-/, ("10 and 20 mg", "60 or 61 kg").
- Non-str input is "empty". An unexpected internal error gives "unclear" with detail
  "internal_error" (tests assert it never happens).
Dose (mg/day)
- Unitless -> mg. g and mcg convert. "0.5 mg/kg" -> wrong_unit "mg/kg".
- "30mg on alternate days"/"every other day" -> 15 (average per day); "every 3rd day" -> /3.
- "10 and 20", "10 + 20", "10mg in the morning and 20mg at night" -> 30 (a daily total);
  "alternating 10 and 20" -> 15.
- "10 or 20", "20-40", "20 to 40", "between 20 and 40", "20mg, 40mg" -> ambiguous.
- "N mg a week"/"weekly" -> N/7; "20mg 3 times a week" -> 60/7 = 8.6.
- "was 20 now 40", "increased to 40 from 20", "40 now" -> 40; "20 twice a day (40 total)" -> 40.
- "2 capsules" with no strength -> wrong_unit "capsule". 0 mg -> out_of_range.
Weight (kg)
- Unitless -> kg (also "60k"). Several weights agreeing within 1 kg ("60kg (132 lbs)") -> the
  first; otherwise ambiguous. "9 stone 14" -> 9 stone: pounds count only when < 14, so the 14
  is ignored like any stray number. "1st", "21st" written solid (and "first") are ordinals, not
  stones ("11st" is 11 stone), unless pounds follow ("21st 0lb", "21st5").
- Heights ("5'6", "170cm", "5 foot 6") are recognised so they are not read as weights.
Weeks
- Unitless -> weeks. "a"/"an" -> 1, "a couple (of)" -> 2, "a few" -> 3; "several" -> no_number.
- Ranges "6-8 weeks", "6 or 8 weeks", "between 6 and 8 weeks", "6 weeks, maybe 7" -> the upper
  end (escalates rather than misses: triage thresholds are > 8 weeks and > week 12), unless the
  upper end is more than 3x the lower ("6 weeks or 6 months") -> ambiguous.
- "1 month and 2 weeks" -> sum; two different readings that agree within a week -> the first;
  otherwise ambiguous.
- "week 6", "6th week", "month 2" -> 6, 6, 8.7 weeks. "19 years old"/"aged 19" is an age.
- Dates without a year -> the most recent one not after today ("since mid-October" on 10 Oct
  2024 -> 15 Oct 2023). A date in the future (explicit year, "tomorrow", "next week") ->
  out_of_range, detail "date". An impossible date ("31 February") -> unclear, detail "date".
- "since October" -> the 1st; early -> 5th, mid -> 15th, late -> 25th, end -> 28th.
- "since the 3rd" -> the most recent 3rd; "since Monday" -> the most recent Monday strictly
  before today; "since Christmas"/"new year" -> 25 Dec / 1 Jan; "since 2023" -> 1 Jan 2023;
  "yesterday" 1 day, "last week" 7 days, "last month" 30.44 days, "last year" 52.18 weeks,
  "today" 0.
- Numeric dates: "13/10" -> 13 October; "3/10" (both parts <= 12) -> ambiguous, detail "date".
  ISO "2024-10-03" is read as is. "3.10" alone is a decimal number, not a date.
- A date not introduced by since/from/started... is ignored when an explicit duration is also
  given ("6 weeks, worse since yesterday" is not read as "since yesterday" alone).
- "2 years" = 104.36 weeks -> out_of_range.
Temperature (°C)
- An explicit °C is valid in 34-43, an explicit °F in 93-110 (so 93 °F -> 33.9 °C and
  110 °F -> 43.3 °C are accepted); "degrees" alone and bare numbers go by the same ranges.
- Several readings -> the highest (fever is what matters); bare numbers outside both ranges are
  ignored if another bare number is plausible ("I'm 25, temp 39" -> 39).
Yes / no
- Negative phrases are read first, so "I do not", "not a bit", "I have no fever" are False.
- "maybe", "not sure", "don't know", "no idea" -> unclear; "yes and no" -> ambiguous.
- "no X but Y" ("no fever but my knees ache") -> ambiguous, detail "but": the caller re-asks or
  trusts the red-flag detector. "yes but only a little" -> True. "no but thanks" -> False.
- "y"/"n" only as the whole answer. Emoji 👍/👎, "/affirm"/"/deny", "true"/"false" work.
Flare extent
- The most severe cue wins ("a few huge cysts" -> severe; "moderate to severe" -> severe).
- Negated cues are ignored ("not red" -> unclear), except "not (too) bad", "not severe",
  "not many" -> mild. Negation does not reach across a comma.
- A score "n/10" or "n out of 10": 0-3 mild, 4-6 moderate, 7-10 severe.
- Typos of the three words are matched by similarity (difflib, cutoff 0.8).
- "bad" -> moderate; "very/really bad", "terrible", "huge", "cysts", "nodules", "all over" ->
  severe; "some", "ok", "small", "a few" -> mild.
extract_quantities
- Only numbers with a unit (and "temp/fever of N", "week N", vague "a few weeks", dates after
  since/from/started). Values are converted but doses, weights and durations are not
  range-checked ("4000mg" -> 4000); ``within_limits(q)`` helps the caller. Temperatures are kept
  only when possible. Negative numbers are skipped.
- A frequency right after a dose applies to it ("20mg twice a day" -> 40); "on alternate days"
  anywhere halves every dose in the message.
- Duration role: "week N", "N weeks in/into" and "the first N weeks" -> treatment; otherwise the nearest cue in the
  same clause (clauses split at punctuation, "and", "but"), preferring cues before the number:
  drug names, "treatment", "course", "meds", "pills", "on it", "taking it", a dose in mg ->
  treatment; "flare", "breaking out", "purge", "spots", "pimples", "acne", "cysts", "worse" ->
  flare; no cue -> None.
""".strip()

# Conversions (fixed by the brief).
LB_KG = 0.45359237
STONE_LB = 14
DAYS_PER_MONTH = 30.44
WEEKS_PER_MONTH = DAYS_PER_MONTH / 7
WEEKS_PER_YEAR = 52.18

# Valid ranges, inclusive, except a dose of 0 mg/day which is out of range: (0, 200].
# Bare temperatures 34–43 are read as Celsius and 93–110 as Fahrenheit.
LIMITS = {
    "dose_mg": (0.0, 200.0),
    "weight_kg": (25.0, 300.0),
    "weeks": (0.0, 104.0),
    "temp_c": (34.0, 43.0),
    "temp_f": (93.0, 110.0),
}

EMPTY, NO_NUMBER, WRONG_UNIT = "empty", "no_number", "wrong_unit"
OUT_OF_RANGE, AMBIGUOUS, UNCLEAR = "out_of_range", "ambiguous", "unclear"


@dataclass(frozen=True)
class Parsed:
    value: float | bool | str | None
    problem: str | None  # None when ok; else one of the six problem codes above
    detail: str = ""  # e.g. the unit it saw ("mg") for a wrong_unit re-ask

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Quantity:
    kind: str  # "dose" | "weight" | "duration" | "temperature"
    value: float  # mg/day, kg, weeks, °C
    start: int  # char offsets in the original text
    end: int
    role: str | None  # durations: "treatment" | "flare" | None


def _fail(problem: str, detail: str = "") -> Parsed:
    return Parsed(None, problem, detail)


def _never_raises(fallback: Callable[[], object]):
    """A form must never crash on odd input. The tests assert the fallback never fires."""

    def wrap(fn):
        @functools.wraps(fn)
        def safe(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception:  # noqa: BLE001 — deliberately broad; nothing is logged (health data)
                return fallback()

        return safe

    return wrap


INTERNAL_ERROR = "internal_error"  # Parsed.detail of the last-resort fallback


def _internal() -> Parsed:
    return _fail(UNCLEAR, INTERNAL_ERROR)


# --------------------------------------------------------------------------------------
# Normalised text that remembers where each character came from
# --------------------------------------------------------------------------------------

_CHAR_MAP = {
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00d7": "x", "\u2715": "x",
    "\u2018": "'", "\u2019": "'", "\u00b4": "'", "`": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u2033": '"',
    "\u00bd": " and a half", "\u00bc": " and a quarter",
    "\u2103": "°c", "\u2109": "°f", "\u00ba": "°",
}


class _Text:
    """Lower-cased, simplified text; ``starts``/``ends`` give each char's span in the input.

    ``mask`` is the same text with already-recognised spans blanked out, so each
    recogniser sees only what earlier, more specific ones left.
    """

    def __init__(self, text: str, starts: List[int], ends: List[int]):
        self.text, self.starts, self.ends = text, starts, ends
        self.mask = text

    @classmethod
    def of(cls, raw: str) -> "_Text":
        chars, starts, ends = [], [], []
        for i, ch in enumerate(raw):
            rep = _CHAR_MAP.get(ch)
            if rep is None:
                if ch.isspace() or ord(ch) < 32:
                    rep = " "
                else:
                    rep = ch.lower()
                    if len(rep) != 1:  # e.g. "İ" lowers to two chars; keep offsets simple
                        rep = ch
            for r in rep:
                chars.append(r)
                starts.append(i)
                ends.append(i + 1)
        return cls("".join(chars), starts, ends)

    def replace(self, edits: Iterable[Tuple[int, int, str]]) -> "_Text":
        """Apply sorted, non-overlapping (start, end, new) edits; new text maps to the old span."""
        out, starts, ends, pos = [], [], [], 0
        for s, e, new in edits:
            out.append(self.text[pos:s])
            starts.extend(self.starts[pos:s])
            ends.extend(self.ends[pos:s])
            a, b = self.starts[s], self.ends[e - 1]
            out.append(new)
            starts.extend([a] * len(new))
            ends.extend([b] * len(new))
            pos = e
        out.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return _Text("".join(out), starts, ends)

    def sub(self, pattern: re.Pattern, repl: Callable[[re.Match], Optional[str]]) -> "_Text":
        edits = []
        for m in pattern.finditer(self.text):
            new = repl(m)
            if new is not None and m.end() > m.start():
                edits.append((m.start(), m.end(), new))
        return self.replace(edits) if edits else self

    def take(self, pattern: re.Pattern, accept: Callable[[re.Match], bool] = lambda m: True) -> List[re.Match]:
        """Matches on the unclaimed text that ``accept`` keeps; they are then claimed."""
        taken = [m for m in pattern.finditer(self.mask) if m.end() > m.start() and accept(m)]
        if taken:
            chars = list(self.mask)
            for m in taken:
                chars[m.start():m.end()] = "\x00" * (m.end() - m.start())
            self.mask = "".join(chars)
        return taken

    def gap(self, a: int, b: int) -> str:
        """Unclaimed text between two positions (claimed parts read as spaces)."""
        return self.mask[a:b].replace("\x00", " ")

    def original(self, s: int, e: int) -> Tuple[int, int]:
        return self.starts[s], self.ends[e - 1]


# --------------------------------------------------------------------------------------
# Word numbers: "twenty five" -> "25", "nine stone four" -> "9 stone 4", "third" -> "3rd"
# --------------------------------------------------------------------------------------

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90, "ninty": 90}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_ORDINALS["thirtieth"] = 30
_WORD = re.compile(r"[a-z]+")
_WORD_GAP = re.compile(r"[ -]*")


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else ("%.6f" % v).rstrip("0").rstrip(".")


def _read_number(toks: List[Tuple[str, int, int]], i: int, text: str) -> Optional[Tuple[int, str]]:
    """Read one number written in words starting at token i: (index after it, digits)."""

    def joined(k: int) -> bool:  # token k directly follows token k-1 ("twenty-five", "twenty five")
        return k < len(toks) and _WORD_GAP.fullmatch(text[toks[k - 1][2]:toks[k][1]]) is not None

    def is_number_word(k: int) -> bool:
        return k < len(toks) and (toks[k][0] in _SMALL or toks[k][0] in _TENS or toks[k][0] in _ORDINALS)

    total, current, last, k = 0, 0, None, i
    if toks[i][0] in ("a", "an"):  # "a hundred and fifty"
        if not (joined(i + 1) and toks[i + 1][0] in ("hundred", "thousand")):
            return None
        current, last, k = 1, "small", i + 1
    suffix = ""
    while k < len(toks) and (k == i or joined(k)):
        w = toks[k][0]
        if w in _SMALL and (last in (None, "scale", "and") or (last == "tens" and 0 < _SMALL[w] < 10)):
            current, last = current + _SMALL[w], "small"
        elif w in _TENS and last in (None, "scale", "and"):
            current, last = current + _TENS[w], "tens"
        elif w in _ORDINALS and (last in (None, "scale", "and") or (last == "tens" and _ORDINALS[w] < 10)):
            current, last = current + _ORDINALS[w], "ordinal"
            suffix = _ordinal_suffix(total + current)
            k += 1
            break
        elif w == "hundred" and last in (None, "small"):
            current, last = max(current, 1) * 100, "scale"
        elif w == "thousand" and last in ("small", "tens", "scale"):
            total, current, last = total + current * 1000, 0, "scale"
        elif w == "and" and last == "scale" and joined(k + 1) and is_number_word(k + 1):
            last = "and"
        elif w == "point" and last in ("small", "tens") and joined(k + 1) and _SMALL.get(toks[k + 1][0], 10) < 10:
            digits = ""
            k += 1
            while k < len(toks) and joined(k) and _SMALL.get(toks[k][0], 10) < 10:
                digits += str(_SMALL[toks[k][0]])
                k += 1
            return k, _fmt(total + current) + "." + digits
        else:
            break
        k += 1
    if last is None:
        return None
    return k, _fmt(total + current) + suffix


def _words_to_digits(t: _Text) -> _Text:
    toks = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(t.text)]
    edits, i = [], 0
    while i < len(toks):
        got = _read_number(toks, i, t.text)
        if got is None:
            i += 1
            continue
        j, digits = got
        edits.append((toks[i][1], toks[j - 1][2], digits))
        i = j
    return t.replace(edits) if edits else t


# --------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?"

# (canonical unit, family, factor to the family's base unit, regex). Base units:
# mass -> mg, weight -> kg, duration -> weeks, height -> cm; temperatures keep the raw number.
_UNIT_TABLE = (
    ("mg/kg", "dose_rate", 1.0, r"mg\s*/\s*kg(?:\s*/\s*d(?:ay)?)?"),
    ("mg", "mass", 1.0, r"mgs?|milli\s?gram(?:me)?s?"),
    ("mcg", "mass", 0.001, r"mcgs?|[uµμ]g|micro\s?gram(?:me)?s?"),
    ("g", "mass", 1000.0, r"g|gms?|gram(?:me)?s?"),
    ("kg", "weight", 1.0, r"kgs?|kilo\s?gram(?:me)?s?|kilos?"),
    ("lb", "weight", LB_KG, r"lbs?|ibs|pounds?"),
    ("st", "weight", STONE_LB * LB_KG, r"st|stn|stones?"),
    ("cm", "height", 1.0, r"cms?|centimet(?:er|re)s?"),
    ("ft", "height", 30.48, r"ft|foot|feet"),
    ("minute", "duration", 1 / 10080, r"minutes?|mins?"),
    ("hour", "duration", 1 / 168, r"hours?|hrs?"),
    ("day", "duration", 1 / 7, r"days?|d"),
    ("week", "duration", 1.0, r"weeks?|wks?|w"),
    ("fortnight", "duration", 2.0, r"fortnights?"),
    ("month", "duration", WEEKS_PER_MONTH, r"months?|mths?|mnths?|mos?"),
    ("year", "duration", WEEKS_PER_YEAR, r"years?|yrs?"),
    ("°C", "temp", 1.0, r"(?:°|deg(?:ree)?s?)?\s?(?:c|celsius|centigrade)"),
    ("°F", "temp", 1.0, r"(?:°|deg(?:ree)?s?)?\s?(?:f|fahrenheit|farenheit|fahrenheight)"),
    ("°", "temp", 1.0, r"°|deg(?:ree)?s?"),
    ("capsule", "count", 1.0, r"capsules?|caps?|tablets?|tabs?|pills?|softgels?"),
    ("th", "ordinal", 1.0, r"th|nd|rd"),
    ("time", "clock", 1.0, r"a\.?m\.?|p\.?m\.?|o'?clock"),
    ("%", "percent", 1.0, r"%|percent|per\s?cent"),
    ("ml", "volume", 1.0, r"mls?|millilit(?:er|re)s?|lit(?:er|re)s?"),
)
_UNIT_ALT = "|".join(f"(?:{rx})" for *_, rx in _UNIT_TABLE)
_UNIT_RES = [(name, fam, factor, re.compile(rx)) for name, fam, factor, rx in _UNIT_TABLE]
_DUR_UNITS = "|".join(f"(?:{rx})" for name, fam, _, rx in _UNIT_TABLE if fam == "duration")
_TEMP_UNITS = "|".join(f"(?:{rx})" for name, fam, _, rx in _UNIT_TABLE if fam == "temp")
_DUR_WORDS = r"days?|weeks?|wks?|fortnights?|months?|mths?|years?|yrs?|hours?"
_NOT_A_UNIT = rf"(?!\s?(?:{_UNIT_ALT})(?![a-z]))"  # a number not followed by a unit


def _unit(text: str) -> Tuple[str, str, float]:
    for name, fam, factor, rx in _UNIT_RES:
        if rx.fullmatch(text):
            return name, fam, factor
    return "", "bare", 1.0  # unreachable: the text matched _UNIT_ALT


@dataclass
class _Item:
    """One thing recognised in the text (positions are in the normalised text)."""

    family: str  # mass, weight, duration, temp, count, height, dose_rate, bare, freq, alt, ...
    raw: float  # the number as typed
    start: int
    end: int
    unit: str = ""
    factor: float = 1.0  # raw * factor = value in the family's base unit
    negative: bool = False
    problem: Optional[str] = None  # dates: "out_of_range" (future), "ambiguous", "unclear"
    week_number: bool = False  # "week 6", "6th week": a position in the treatment
    triggered: bool = False  # a date after "since", "from", "started ... on"

    @property
    def value(self) -> float:
        return self.raw * self.factor


def _num(s: str) -> float:
    return float(s)  # a huge digit string becomes inf, which every range check rejects


# --------------------------------------------------------------------------------------
# Normalising and scanning
# --------------------------------------------------------------------------------------

_SPACES = re.compile(r" {2,}")
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,.])")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")
_AND_A_HALF = re.compile(rf"(?<![\d.])(?P<n>{_NUM})\sand\s(?:a\s|one\s)?(?P<f>half|quarter)(?![a-z])")
_UNIT_AND_A_HALF = re.compile(
    rf"(?:\b(?P<a>an?|one)|(?<![\d.])(?P<n>{_NUM}))\s?(?P<u>{_DUR_WORDS}|stones?|st)\sand\s(?:a\s)?half(?![a-z])")
_HALF_A = re.compile(r"\b(?:a\s)?half\s(?:an?\s|of\san?\s)")


def _prepare(text: object) -> Optional[_Text]:
    """Normalised text with numbers in digits, or None when there is nothing to read."""
    if not isinstance(text, str) or not text.strip():
        return None
    t = _Text.of(text)
    t = t.sub(_SPACES, lambda m: " ")
    t = t.sub(_THOUSANDS, lambda m: m.group().replace(",", ""))  # "4,000 mg"
    t = t.sub(_DECIMAL_COMMA, lambda m: ".")  # "62,5 kg"
    t = _words_to_digits(t)
    t = t.sub(_UNIT_AND_A_HALF, _unit_and_a_half)  # "a month and a half" -> "1.5 month"
    t = t.sub(_AND_A_HALF, _and_a_half)  # "2 and a half" -> "2.5"
    t = t.sub(_HALF_A, lambda m: "0.5 ")  # "half a year" -> "0.5 year"
    return t


def _and_a_half(m: re.Match) -> Optional[str]:
    n = _num(m.group("n"))
    if n > 1e9:
        return None
    return _fmt(n + (0.5 if m.group("f") == "half" else 0.25))


def _unit_and_a_half(m: re.Match) -> Optional[str]:
    n = 1.0 if m.group("a") else _num(m.group("n"))
    if n > 1e9:
        return None
    return f"{_fmt(n + 0.5)} {m.group('u')}"


# Frequencies: how many doses a day. Claimed first so "a day" is not read as a duration.
_ALTERNATE = re.compile(
    r"\b(?:on\s)?(?:alternat(?:e|ing|ive)\s)days?\b|\bevery\s(?:other|second|2nd|2)\s?days?\b"
    r"|\bevery\sother\b|\beod\b|\balternat(?:e|ing|ely)\b")
_EVERY_THIRD = re.compile(r"\bevery\s(?:third|3rd|3)\s?days?\b")
_TIMES = re.compile(
    rf"(?<![\d.])(?P<n>{_NUM})\s?(?:x|times?)(?![a-z])(?!\s?\d)"
    r"(?:\s?(?:a|per|each|every|/|in\sa)?\s?(?P<per>days?|daily|d|weeks?|weekly|wk|w)(?![a-z]))?")
_ONCE_TWICE = re.compile(
    r"\b(?P<w>once|twice|thrice)\b(?:\s?(?:a|per|each|every|/|in\sa)?\s?(?P<per>days?|daily|weeks?|weekly)\b)?")
_ABBREVIATION = re.compile(  # prescription shorthand: twice, three times, once a day
    r"\b(?:(?P<two>bd|bid|b\.d\.?|b\.i\.d\.?)|(?P<three>tds|tid|t\.d\.s\.?|t\.i\.d\.?)"
    r"|(?P<one>od|qd|o\.d\.?|q\.d\.?))(?![a-z])")
_MORNING_AND_NIGHT = re.compile(
    r"\b(?:in\sthe\s)?morning\sand\s(?:in\sthe\s|at\s)?(?:night|evening|bedtime)\b|\bam\sand\spm\b")
_PER_WEEK = re.compile(r"\b(?:a|per|each|every)\s(?:week|wk)\b|/\s?(?:week|wk|w)\b|\bweekly\b")
_PER_DAY = re.compile(r"\b(?:a|per|each|every)\s(?:day|d)\b|/\s?(?:day|d)\b|\bdaily\b|\bnightly\b"
                      r"|\bevery\s(?:night|morning|evening)\b")
# "a day"/"a week" right after a dose is a frequency; after "for" it is a duration.
_DOSE_BEFORE = re.compile(r"(?:\d|mgs?|milligram(?:me)?s?|g|x|times?|once|twice|capsules?|caps?|tablets?|tabs?"
                          r"|pills?|dose)\s?$")

_TEMP_CONTEXT = re.compile(
    r"\b(?:temp(?:erature)?s?|fever|thermometer)"
    r"(?:\s(?:of|is|was|at|about|around|approx|approximately|roughly|reached|hit|reading|read|says|said"
    r"|showed|nearly|almost|over|like|up\sto|been|has|went|got|to)){0,4}\s?[:=~]?\s?"
    rf"(?P<neg>-\s?)?(?<![\d.])(?P<num>{_NUM})(?:\s?(?P<unit>{_TEMP_UNITS})(?![a-z]))?"
    rf"{_NOT_A_UNIT}")  # "fever 2 weeks ago" is a duration
_STONE_LB = re.compile(
    rf"(?<![\d.])(?P<st>{_NUM})\s?(?:st|stn|stones?)(?![a-z])\s?(?:and\s|,\s?|&\s?)?"
    rf"(?P<lb>{_NUM})(?![\d.])\s?(?:lbs?|ibs|pounds?|p)?(?![a-z\d])")
_FEET_INCHES = re.compile(
    r"(?<![\d.])(?P<ft>\d)\s?(?:'|ft|foot|feet)(?![a-z])"
    r"(?:\s?(?P<inch>\d{1,2}(?:\.\d+)?)\s?(?:\"|''|in(?:ch(?:es)?)?)?(?![a-z\d]))?")
_WEEK_NUMBER = re.compile(
    rf"\b(?P<u>week|wk|month)\s?(?:number\s|no\.?\s?|#\s?)?(?P<num>\d{{1,3}})(?![\d.]){_NOT_A_UNIT}")
_ORDINAL_WEEK = re.compile(r"(?<![\d.])(?P<num>\d{1,3})(?:st|nd|rd|th)\s(?P<u>week|wk|month)\b")
# "19 years old" / "aged 19" is an age, not a duration.
_AGE = re.compile(
    rf"(?<![\d.])\d{{1,3}}\s?(?:years?|yrs?|y)\s?(?:old|of\sage)\b|\baged?\s?\d{{1,3}}(?![\d.]){_NOT_A_UNIT}")
_VAGUE_DURATION = re.compile(
    rf"\b(?P<q>an?|a\scouple(?:\sof)?|couple(?:\sof)?|a\sfew|few)\s(?P<unit>{_DUR_UNITS})(?![a-z])")
# "1e309" is read as a number (infinite, so out of range), not as 1 and 309.
_NUMBER = re.compile(
    rf"(?P<neg>(?<![\w.])-\s?|\bminus\s)?(?<![\d.])(?P<num>{_NUM}(?:e[+-]?\d+(?![a-z\d.]))?)"
    rf"(?:\s?(?P<unit>{_UNIT_ALT})(?![a-z]))?")
_DIGIT_BEFORE = re.compile(r"\d\s?$")


def _scan(t: _Text, today: Optional[date] = None, dates_need_trigger: bool = False) -> List[_Item]:
    """Everything numeric in the text, most specific recognisers first."""
    items: List[_Item] = []
    if today is not None:
        items += _scan_dates(t, today, dates_need_trigger)
    items += _scan_frequencies(t)
    for m in t.take(_TEMP_CONTEXT):
        unit = m.group("unit")
        items.append(_Item("temp", _num(m.group("num")), m.start("num"), m.end(),
                           _unit(unit)[0] if unit else "°", negative=bool(m.group("neg"))))
    for m in t.take(_STONE_LB, lambda m: _num(m.group("lb")) < STONE_LB and not _ordinal_then_number(m)):
        lb = _num(m.group("st")) * STONE_LB + _num(m.group("lb"))
        items.append(_Item("weight", lb, m.start(), m.end(), "st", LB_KG))
    for m in t.take(_FEET_INCHES):
        inches = _num(m.group("ft")) * 12 + (_num(m.group("inch")) if m.group("inch") else 0)
        items.append(_Item("height", inches, m.start(), m.end(), "ft", 2.54))
    for m in t.take(_AGE):
        items.append(_Item("age", 0, m.start(), m.end()))
    for rx in (_WEEK_NUMBER, _ORDINAL_WEEK):
        for m in t.take(rx, lambda m: not _is_frequency_word_before(t, m.start())):
            factor = WEEKS_PER_MONTH if m.group("u") == "month" else 1.0
            items.append(_Item("duration", _num(m.group("num")), m.start(), m.end(), m.group("u"), factor,
                               week_number=True))
    for m in t.take(_VAGUE_DURATION):
        name, _, factor = _unit(m.group("unit"))
        q = m.group("q")
        count = 2 if "couple" in q else 3 if "few" in q else 1
        items.append(_Item("duration", count, m.start(), m.end(), name, factor))
    for m in t.take(_NUMBER):
        unit = m.group("unit")
        name, fam, factor = _unit(unit) if unit else ("", "bare", 1.0)
        if _is_ordinal_st(m):  # "1st", "first", "21st": an ordinal, not stones
            name, fam, factor = "th", "ordinal", 1.0
        negative = bool(m.group("neg")) and not _DIGIT_BEFORE.search(t.text[max(0, m.start() - 3):m.start()])
        start = m.start() if negative else m.start("num")
        items.append(_Item(fam, _num(m.group("num")), start, m.end(), name, factor, negative))
    return sorted(items, key=lambda i: i.start)


# "1st" / "21st" written solid is an ordinal (1 or 21 stone would be "1 st" or "21 stone").
_SOLID_ORDINAL = re.compile(r"(?:\d*[02-9])?1st(?![a-z])")


def _ordinal_then_number(m: re.Match) -> bool:
    """'the 1st 3 weeks': an ordinal, a space and a number with no pounds unit ('21st 0lb' is stones)."""
    return re.fullmatch(r"(?:\d*[02-9])?1st\s\d+(?:\.\d+)?", m.group()) is not None


def _is_ordinal_st(m: re.Match) -> bool:
    return m.group("unit") == "st" and _SOLID_ORDINAL.fullmatch(m.group()[m.start("num") - m.start():]) is not None


def _is_frequency_word_before(t: _Text, pos: int) -> bool:
    return re.search(r"\b(?:a|per|each|every|this|next|last)\s?$", t.text[max(0, pos - 7):pos]) is not None


def _scan_frequencies(t: _Text) -> List[_Item]:
    items = []
    for m in t.take(_EVERY_THIRD):
        items.append(_Item("alt", 1 / 3, m.start(), m.end()))
    for m in t.take(_ALTERNATE):
        items.append(_Item("alt", 0.5, m.start(), m.end()))
    for m in t.take(_TIMES):
        per_week = (m.group("per") or "d")[0] == "w"
        items.append(_Item("freq", _num(m.group("n")) / (7 if per_week else 1), m.start(), m.end()))
    for m in t.take(_ONCE_TWICE):
        n = {"once": 1, "twice": 2, "thrice": 3}[m.group("w")]
        per_week = (m.group("per") or "d")[0] == "w"
        items.append(_Item("freq", n / (7 if per_week else 1), m.start(), m.end()))
    for m in t.take(_ABBREVIATION):
        items.append(_Item("freq", 2 if m.group("two") else 3 if m.group("three") else 1, m.start(), m.end()))
    for m in t.take(_MORNING_AND_NIGHT):
        items.append(_Item("freq", 2, m.start(), m.end()))

    def after_dose(m: re.Match) -> bool:
        return not m.group().startswith("a ") or _DOSE_BEFORE.search(t.text[max(0, m.start() - 12):m.start()])

    for m in t.take(_PER_WEEK, after_dose):
        items.append(_Item("freq", 1 / 7, m.start(), m.end()))
    for m in t.take(_PER_DAY, after_dose):
        items.append(_Item("freq", 1, m.start(), m.end()))
    return items


# --------------------------------------------------------------------------------------
# Dates ("since mid-October") -> weeks before today
# --------------------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:,?\s?(?P<y>[12]\d{3})(?!\d))?"
_PART_DAY = {"start": 1, "beginning": 1, "early": 5, "mid": 15, "middle": 15, "late": 25, "end": 28}
_DAY_MONTH = re.compile(
    rf"(?:\bthe\s)?(?<![\d.])(?P<d>\d{{1,2}}){_ORD}?(?:\sof)?[\s-]?(?P<m>{_MONTH})(?![a-z]){_YEAR}")
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH})[\s-]?(?:the\s)?(?P<d>\d{{1,2}})(?![\d.])(?:{_ORD}(?![a-z]))?{_NOT_A_UNIT}{_YEAR}")
_MONTH_ONLY = re.compile(
    rf"(?:\b(?P<part>early|mid|middle|late|(?:the\s)?(?:start|beginning|middle|end)\sof)[\s-]?)?"
    rf"\b(?P<m>{_MONTH})(?![a-z]){_YEAR}")
_THE_DAY = re.compile(rf"\b(?:since|from|on)\sthe\s(?P<d>\d{{1,2}}){_ORD}(?![a-z])")
_ISO_DATE = re.compile(r"(?<![\d.])(?P<y>[12]\d{3})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d.])")
_NUMERIC_DATE = re.compile(
    rf"(?<![\d./])(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?(?![\d/.])"
    rf"{_NOT_A_UNIT}")
_RELATIVE = re.compile(
    r"\b(?:the\sday\sbefore\syesterday|yesterday|last\snight|today|this\smorning|tonight|last\sweek"
    r"|last\smonth|last\syear|tomorrow|next\s(?:week|month|year))\b")
_RELATIVE_DAYS = {"the day before yesterday": 2, "yesterday": 1, "last night": 1, "today": 0,
                  "this morning": 0, "tonight": 0, "last week": 7, "last month": DAYS_PER_MONTH,
                  "last year": WEEKS_PER_YEAR * 7}
_WEEKDAY = re.compile(r"\b(?:last\s)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOLIDAY = re.compile(r"\b(?P<h>christmas|xmas|new\syear(?:'?s)?(?:\s(?:day|eve))?)\b")
_YEAR_ONLY = re.compile(rf"\b(?:since|from|in)\s(?P<y>[12]\d{{3}})(?![\d.]){_NOT_A_UNIT}")
# A date is a start only after "since", "from" or "started/began ... (on|in)".
_TRIGGER = re.compile(
    r"(?:\bsince|\bfrom|\b(?:start|started|starting|began|begun|begin)(?:\s[a-z']+){0,3}?(?:\s(?:on|in|around|about))?)"
    r"\s?(?:the\s)?$")


def _month_no(word: str) -> int:
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").index(word[:3]) + 1


def _latest(today: date, month: int, day: int, year: Optional[int]) -> Tuple[Optional[date], Optional[str]]:
    """The date, or with no year the most recent one not after today; or a problem code."""
    if year is not None:
        try:
            return date(year, month, day), None
        except ValueError:
            return None, UNCLEAR
    for y in range(today.year, today.year - 9, -1):  # back far enough to find a 29 February
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d <= today:
            return d, None
    return None, UNCLEAR


def _latest_day(today: date, day: int) -> Tuple[Optional[date], Optional[str]]:
    """'since the 3rd': the most recent 3rd of a month, not after today."""
    y, m = today.year, today.month
    for _ in range(13):
        try:
            d = date(y, m, day)
            if d <= today:
                return d, None
        except ValueError:
            pass
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return None, UNCLEAR


def _year(s: Optional[str]) -> Optional[int]:
    if not s:
        return None
    return int(s) + 2000 if len(s) == 2 else int(s)


def _scan_dates(t: _Text, today: date, need_trigger: bool) -> List[_Item]:
    items: List[_Item] = []

    def has_trigger(m: re.Match) -> bool:
        return _TRIGGER.search(t.text[max(0, m.start() - 45):m.start()]) is not None

    def add(m: re.Match, found: Tuple[Optional[date], Optional[str]]) -> None:
        when, problem = found
        days = (today - when).days if when else 0
        if when and days < 0:
            problem = OUT_OF_RANGE
        add_weeks(m, max(days, 0) / 7, problem)

    def add_weeks(m: re.Match, weeks: float, problem: Optional[str] = None) -> None:
        items.append(_Item("duration", weeks, m.start(), m.end(), "date", problem=problem,
                           triggered=has_trigger(m) or m.group().startswith(("since", "from", "in"))))

    def accept(m: re.Match) -> bool:
        return not need_trigger or has_trigger(m)

    for m in t.take(_ISO_DATE, accept):
        add(m, _latest(today, int(m.group("m")), int(m.group("d")), int(m.group("y"))))
    for m in t.take(_DAY_MONTH, accept):
        add(m, _latest(today, _month_no(m.group("m")), int(m.group("d")), _year(m.group("y"))))
    for m in t.take(_MONTH_DAY, accept):
        add(m, _latest(today, _month_no(m.group("m")), int(m.group("d")), _year(m.group("y"))))

    def month_accept(m: re.Match) -> bool:  # "may" is a month only in a date-like context
        if m.group("m") == "may" and not (m.group("part") or m.group("y") or has_trigger(m)):
            return False
        return accept(m)

    for m in t.take(_MONTH_ONLY, month_accept):
        part = (m.group("part") or "start").split()
        day = _PART_DAY.get(part[-2] if part[-1] == "of" else part[-1], 1)
        add(m, _latest(today, _month_no(m.group("m")), day, _year(m.group("y"))))
    for m in t.take(_THE_DAY):
        add(m, _latest_day(today, int(m.group("d"))))
    for m in t.take(_NUMERIC_DATE, lambda m: (m.group("sep") == "/" or m.group("y")) and accept(m)):
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= 12 and b <= 12 and a != b:
            add_weeks(m, 0, AMBIGUOUS)
            continue
        day, month = (a, b) if a > 12 else (b, a)
        add(m, _latest(today, month, day, _year(m.group("y"))))
    for m in t.take(_RELATIVE, accept):
        word = m.group()
        if word.startswith(("tomorrow", "next")):
            add_weeks(m, 0, OUT_OF_RANGE)
        else:
            add_weeks(m, _RELATIVE_DAYS[word] / 7)
    for m in t.take(_WEEKDAY, accept):
        add_weeks(m, ((today.weekday() - _WEEKDAYS.index(m.group("w"))) % 7 or 7) / 7)
    for m in t.take(_HOLIDAY, accept):
        month, day = (12, 25) if m.group("h") in ("christmas", "xmas") else (1, 1)
        add(m, _latest(today, month, day, None))
    for m in t.take(_YEAR_ONLY):
        add(m, _latest(today, 1, 1, int(m.group("y"))))
    return items


# --------------------------------------------------------------------------------------
# Shared reading of several numbers
# --------------------------------------------------------------------------------------

_PURE_JOINER = re.compile(r"\s?(?:,\s?)?(?:and|&|\+|plus|or|to|-|maybe|perhaps|or\s(?:maybe|perhaps))?\s?")
_RANGE_WORDS = re.compile(r"\bor\b|\bto\b|-|/|\bbetween\b|\bmaybe\b|\beither\b|\bperhaps\b|\?")
_SUM_WORDS = re.compile(
    r"\band\b|&|\+|\bplus\b|\bwith\b|\balso\b|\bmorning\b|\bnight\b|\bevening\b|\bafternoon\b|\blunch\b"
    r"|\bbedtime\b|\bam\b|\bpm\b|\bbreakfast\b|\bdinner\b|\bsupper\b")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s?$")
_CURRENT = re.compile(
    r"\b(?:now|currently|at\sthe\smoment|these\sdays|nowadays|at\spresent)\b"
    r"|\b(?:increased|raised|upped|up|reduced|lowered|cut|dropped|down|changed|switched|moved|bumped|went|gone)"
    r"(?:\s(?:it|me|my\sdose|the\sdose))?\sto\b")
_PAST = re.compile(r"\b(?:from|was|were|before|previously|used\sto|had\sbeen)\b")
_TOTAL = re.compile(r"\b(?:in\s)?total(?:\sof)?\b|\baltogether\b|\boverall\b")


def _with_bare(items: List[_Item], t: _Text, families: Tuple[str, ...]) -> List[_Item]:
    """Amounts of the wanted families, plus bare numbers.

    With no unit anywhere, every bare number counts (the caller gives them the default
    unit). Otherwise a bare number counts only when joined to an amount with a unit
    ("10 and 20 mg", "60 or 61 kg", "a week or two"), and takes that unit.
    """
    pool = [i for i in items if i.family in families or i.family == "bare"]
    if not any(i.family in families for i in pool):
        return pool
    kept = []
    for k, item in enumerate(pool):
        if item.family != "bare":
            kept.append(item)
            continue
        for other in (pool[k + 1] if k + 1 < len(pool) else None, pool[k - 1] if k > 0 else None):
            if other is None or other.family not in families:
                continue
            a, b = (item, other) if other.start > item.start else (other, item)
            between = t.gap(a.end, b.start)
            if between.strip() and _PURE_JOINER.fullmatch(between):
                kept.append(_Item(other.family, item.raw, item.start, item.end, other.unit, other.factor,
                                  item.negative))
                break
    return kept


def _current_only(amounts: List[_Item], t: _Text) -> List[_Item]:
    """'was 20 now 40', 'increased to 40', '40 now': keep the current amount(s)."""
    marks = list(_CURRENT.finditer(t.text))
    if len(amounts) < 2 or not marks:
        return amounts
    mark = marks[-1]
    after = []
    for a in amounts:
        if a.start >= mark.end() and not _PAST.search(t.text[mark.end():a.start]):
            after.append(a)
    if after:
        return after
    before = [a for a in amounts if a.end <= mark.start() and mark.start() - a.end <= 12]
    return before[-1:] or amounts


def _total_only(amounts: List[_Item], t: _Text) -> List[_Item]:
    """'20mg twice a day, 40 in total': the amount next to 'total' is the answer."""
    for mark in _TOTAL.finditer(t.text):
        near = [a for a in amounts
                if (0 <= mark.start() - a.end <= 15 and not re.search(r"\d", t.text[a.end:mark.start()]))
                or (0 <= a.start - mark.end() <= 15 and not re.search(r"\d", t.text[mark.end():a.start]))]
        if near:
            return near[:1]
    return amounts


def _joined_as(t: _Text, a: _Item, b: _Item) -> str:
    """How two consecutive amounts relate: 'range', 'sum' or 'other'."""
    between = t.gap(a.end, b.start)
    if _RANGE_WORDS.search(between):
        return "range"
    if _SUM_WORDS.search(between):
        return "sum"
    return "other"


def _starts_with_between(t: _Text, items: List[_Item]) -> bool:
    return bool(items) and _BETWEEN_BEFORE.search(t.text[max(0, items[0].start - 10):items[0].start]) is not None


def _wrong_unit(items: List[_Item], allowed: Tuple[str, ...]) -> Optional[str]:
    """The first unit seen that belongs to another quantity."""
    for i in items:
        if i.unit and i.family not in allowed and i.family not in ("freq", "alt", "ordinal", "percent"):
            return i.unit
    return None


# --------------------------------------------------------------------------------------
# Dose (mg per day)
# --------------------------------------------------------------------------------------

_CAPSULE_WORD = re.compile(r"\s?(?:capsules?|caps?|tablets?|tabs?|pills?|softgels?)\b")
_TIMES_SIGN = re.compile(r"\s?(?:(?:capsules?|caps?|tablets?|tabs?|pills?)\s?)?(?:x|\*|times)\s?")
_COUNT_OF = re.compile(r"\s?(?:of|at|x|,|with|containing|-)?\s?")


def _merge_products(items: List[_Item], t: _Text) -> List[_Item]:
    """'2x20mg', '20mg x 2', '2 capsules of 20mg', 'one 40mg capsule' -> one mass amount."""
    amounts = [i for i in items if i.family in ("mass", "bare", "count")]
    others = [i for i in items if i.family not in ("mass", "bare", "count")]
    merged: List[_Item] = []
    k = 0
    while k < len(amounts):
        a = amounts[k]
        b = amounts[k + 1] if k + 1 < len(amounts) else None
        product = _product(a, b, t) if b else None
        if product:
            merged.append(product)
            k += 2
        else:
            merged.append(a)
            k += 1
    return sorted(merged + others, key=lambda i: i.start)


def _is_small_count(i: _Item) -> bool:
    return i.family == "bare" and float(i.raw).is_integer() and 1 <= i.raw <= 10


def _product(a: _Item, b: _Item, t: _Text) -> Optional[_Item]:
    """Two neighbouring amounts as one, when the text multiplies them; else None."""
    between = t.gap(a.end, b.start)
    times = (_TIMES_SIGN.fullmatch(between) and "count" not in (a.family, b.family)
             and not a.family == b.family == "mass")  # "2x20mg", "20mg x 2", "2 x 20"
    capsules_of = a.family == "count" and b.family == "mass" and _COUNT_OF.fullmatch(between)  # "2 caps of 20mg"
    n_capsules = (_is_small_count(a) and b.family == "mass" and between.strip() in ("", "x")
                  and _CAPSULE_WORD.match(t.text, b.end))  # "one 40mg capsule"
    if not (times or capsules_of or n_capsules):
        return None
    mass = a if a.family == "mass" else b if b.family == "mass" else None
    return _Item("mass" if mass else "bare", a.value * b.value, a.start, b.end, mass.unit if mass else "",
                 1.0, a.negative or b.negative)


def _frequency_multipliers(amounts: List[_Item], freqs: List[_Item]) -> dict:
    """Each frequency applies to the amounts since the previous one ('20mg twice a day and 10mg at
    night' -> 2 and 1); a frequency before any amount ('twice a day, 20mg') applies to the rest."""
    mult, pending, leading = {}, [], None
    for ev in sorted(amounts + freqs, key=lambda i: i.start):
        if ev.family == "freq":
            if pending:
                for a in pending:
                    mult[id(a)] = ev.raw
                pending = []
            elif not mult:
                leading = ev.raw
        else:
            pending.append(ev)
    for a in pending:
        mult[id(a)] = leading if leading is not None and not mult else 1.0
    return mult


@_never_raises(_internal)
def parse_dose_mg(text: str) -> Parsed:
    """Total mg per day. Unitless numbers are mg; g and mcg convert; range (0, 200]."""
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _merge_products(_scan(t), t)
    all_amounts = _with_bare(items, t, ("mass",))
    mult = _frequency_multipliers(all_amounts, [i for i in items if i.family == "freq"])
    amounts = _total_only(_current_only(all_amounts, t), t)
    if not amounts:  # "2 capsules" says how many, not how much
        unit = "capsule" if any(i.family == "count" for i in items) else _wrong_unit(items, ("mass",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    if _starts_with_between(t, amounts) or any(
            _joined_as(t, a, b) != "sum" for a, b in zip(amounts, amounts[1:])):
        return _fail(AMBIGUOUS, "mg")
    per_day = math.prod(i.raw for i in items if i.family == "alt")  # "on alternate days" -> 0.5
    total = round(sum(a.value * mult.get(id(a), 1.0) for a in amounts) * per_day, 1)
    low, high = LIMITS["dose_mg"]
    if any(a.negative for a in amounts) or not (low < total <= high):  # NaN fails too
        return _fail(OUT_OF_RANGE, "mg")
    return Parsed(total, None)


# --------------------------------------------------------------------------------------
# Weight (kg)
# --------------------------------------------------------------------------------------

@_never_raises(_internal)
def parse_weight_kg(text: str) -> Parsed:
    """Body weight in kg (2 decimals). kg, lb and stone(+lb) convert; unitless is kg; [25, 300]."""
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _scan(t)
    amounts = _current_only(_with_bare(items, t, ("weight",)), t)
    if not amounts:
        unit = _wrong_unit(items, ("weight",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    kgs = [a.value if a.family == "weight" else a.raw for a in amounts]  # bare -> kg
    if len(kgs) > 1 and (max(kgs) - min(kgs) > 1.0 or _starts_with_between(t, amounts)):
        return _fail(AMBIGUOUS, "kg")
    kg = round(kgs[0], 2)
    low, high = LIMITS["weight_kg"]
    if any(a.negative for a in amounts) or not (low <= kg <= high):
        return _fail(OUT_OF_RANGE, "kg")
    return Parsed(kg, None)


# --------------------------------------------------------------------------------------
# Weeks
# --------------------------------------------------------------------------------------

_SUM_JOINER = re.compile(r"\s?(?:,\s?)?(?:and|&|\+|plus)?\s?")


def _combine_durations(durations: List[_Item], t: _Text) -> Optional[float]:
    """One value in weeks from several, or None when they disagree.

    '6-8 weeks', '6 or 8 weeks', 'between 6 and 8' -> the upper end; '1 month and 2 weeks'
    -> the sum; repeats that agree within a week ('since 1 Oct, so 6 weeks') -> the first.
    """
    values = [d.value for d in durations]
    if len(values) == 1:
        return values[0]
    pairs = list(zip(durations, durations[1:]))
    if _starts_with_between(t, durations) or all(_joined_as(t, a, b) == "range" for a, b in pairs):
        # a range too wide to mean one thing ("6 weeks or 6 months") is ambiguous
        return max(values) if max(values) <= 3 * min(values) else None
    units = [d.unit for d in durations]
    if (all(_SUM_JOINER.fullmatch(t.gap(a.end, b.start)) for a, b in pairs)
            and len(set(units)) == len(units) and "date" not in units and "" not in units):
        return sum(values)
    if max(values) - min(values) <= 1.0:
        return values[0]
    return None


@_never_raises(_internal)
def parse_weeks(text: str, today: date) -> Parsed:
    """A duration in weeks (1 decimal): numbers with units, vague phrases and start dates.

    Unitless numbers are weeks. A start date gives the weeks from it to ``today``;
    a date in the future is out_of_range (detail "date"). Range [0, 104].
    """
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _scan(t, today)
    durations = [d for d in _with_bare(items, t, ("duration",)) if d.problem is None]
    if any(d.unit != "date" for d in durations):  # "6 weeks, worse since yesterday": keep the 6 weeks
        durations = [d for d in durations if d.unit != "date" or d.triggered]
    if not durations:
        problems = [d for d in items if d.family == "duration" and d.problem]
        if problems:
            return _fail(problems[0].problem, "date")
        unit = _wrong_unit(items, ("duration",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    weeks = _combine_durations(durations, t)
    if weeks is None:
        return _fail(AMBIGUOUS, "weeks")
    weeks = round(weeks, 1)
    low, high = LIMITS["weeks"]
    if any(d.negative for d in durations) or not (low <= weeks <= high):
        return _fail(OUT_OF_RANGE, "weeks")
    return Parsed(weeks, None)


# --------------------------------------------------------------------------------------
# Temperature (°C)
# --------------------------------------------------------------------------------------

def _f_to_c(f: float) -> float:
    return (f - 32) * 5 / 9


def _celsius(item: _Item) -> Tuple[Optional[float], bool, str]:
    """(°C or None when the scale can't be told, possible?, scale typed) for a reading.

    An explicit °C/°F is taken as typed; a bare number (or plain 'degrees') is Celsius
    when 34–43 and Fahrenheit when 93–110, and otherwise impossible.
    """
    raw = item.raw
    scale = {"°C": "C", "°F": "F"}.get(item.unit)
    if scale is None:
        scale = "C" if 34 <= raw <= 43 else "F" if 93 <= raw <= 110 else ""
    if not scale:
        return None, False, "°C"
    low, high = LIMITS["temp_c" if scale == "C" else "temp_f"]
    possible = not item.negative and low <= raw <= high
    return (raw if scale == "C" else _f_to_c(raw)), possible, "°" + scale


@_never_raises(_internal)
def parse_temperature_c(text: str) -> Parsed:
    """Body temperature in °C (1 decimal). Several readings -> the highest."""
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _scan(t)
    readings = [i for i in items if i.family == "temp"]
    if not readings:
        bare = [i for i in items if i.family == "bare"]
        plausible = [b for b in bare if _celsius(b)[1]]
        readings = plausible or bare
    if not readings:
        unit = _wrong_unit(items, ("temp",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    values = []
    for r in readings:
        c, possible, scale = _celsius(r)
        if not possible:
            return _fail(OUT_OF_RANGE, scale)
        values.append(c)
    return Parsed(round(max(values), 1), None)


# --------------------------------------------------------------------------------------
# Yes / no
# --------------------------------------------------------------------------------------

_YN_UNCLEAR = re.compile(
    r"\b(?:not\s+sure|unsure|(?:i\s+)?don'?t\s+know|do\s+not\s+know|dunno|idk|no\s+idea|maybe|perhaps|possibly"
    r"|can'?t\s+tell|cannot\s+tell|hard\s+to\s+say|not\s+certain|no\s+clue)\b")
_YN_NO = re.compile(
    r"\b(?:(?:i\s+)?(?:have|'ve|do|am|'m|did)\s+(?:not|no|never)|there\s+(?:is|are|'s)\s+no"
    r"|not\s+(?:a\s+bit|even\s+a\s+little|really|at\s+all|any|much|that\s+i\s+know(?:\s+of)?)"
    r"|no|nope|nah|nay|never|none|nothing|not|neither|nor|negative|false|deny|without"
    r"|(?:don|doesn|didn|haven|hasn|hadn|isn|aren|wasn|weren)'?t)\b|👎|❌|✖")
_YN_YES = re.compile(
    r"\b(?:yes+|yeah|yea|yep|yup|ya|yah|ye|aye|sure|correct|true|definitely|absolutely|certainly|indeed"
    r"|affirmative|affirm|of\s+course|i\s+do|i\s+have|i\s+did|i\s+think\s+so|a\s+bit|a\s+little|little\s+bit"
    r"|some|sometimes|somewhat|slightly|kind\s+of|sort\s+of|kinda|sorta|a\s+lot|lots|mildly)\b|👍|✅|✔|☑")
_YN_CONTRAST = re.compile(r"\b(?:but|although|though|however|except|apart\s+from)\b")
_YN_POLITE = re.compile(r"\b(?:thanks?|thank\s+you|for|asking|cheers|ok|okay)\b")


def _polarity(text: str) -> Optional[str]:
    """'yes', 'no', 'both' or None. Negative phrases are found first and blanked, so
    'i do not' and 'not a bit' do not also count as yes."""
    found = set()
    if _YN_NO.search(text):
        found.add("no")
        text = _YN_NO.sub(" ", text)
    if _YN_YES.search(text):
        found.add("yes")
    return None if not found else found.pop() if len(found) == 1 else "both"


@_never_raises(_internal)
def parse_yes_no(text: str) -> Parsed:
    """True/False. 'no fever' -> False; 'no fever but my knees ache' -> ambiguous (the
    caller re-asks or trusts the red-flag detector); unknown -> unclear."""
    if not isinstance(text, str) or not text.strip():
        return _fail(EMPTY)
    s = re.sub(r"[^\w'\s👍👎✅❌✔✖☑]", " ", text.lower().replace("’", "'"))
    s = s.strip()
    if s in ("y", "n"):
        return Parsed(s == "y", None)
    if _YN_UNCLEAR.search(s):
        return _fail(UNCLEAR)
    contrast = _YN_CONTRAST.search(s)
    head, tail = (s[:contrast.start()], s[contrast.end():]) if contrast else (s, "")
    polarity = _polarity(head) or _polarity(s)
    if polarity == "no" and _YN_POLITE.sub(" ", tail).strip():
        return _fail(AMBIGUOUS, "but")  # "no fever but my knees ache"
    if polarity in ("yes", "no"):
        return Parsed(polarity == "yes", None)
    return _fail(AMBIGUOUS if polarity == "both" else UNCLEAR)


# --------------------------------------------------------------------------------------
# Flare extent
# --------------------------------------------------------------------------------------

_EXTENT_LEVELS = ("mild", "moderate", "severe")
_EXTENT_MILD_PHRASES = re.compile(
    r"\bnot\s+(?:too\s+|that\s+|very\s+|so\s+)?(?:bad|severe|serious|many|much|a\s+lot|lots|loads)\b")
_EXTENT_CUES = (
    ("severe", r"sever(?:e|ely|ly|ley)?|(?:very|really|extremely|super|so|incredibly|horribly|terribly)\s+"
               r"(?:bad|painful|sore|inflamed)|terribl[ey]|awful|horribl[ey]|horrendous|extreme(?:ly)?|huge"
               r"|massive|cysts?|cystic|nodules?|nodular|all\s+over|large|big|deep|worst|unbearable"
               r"|excruciating|boils?|agony"),
    ("moderate", r"moderat(?:e|ely)?|modrate|medium|many|lots?|a\s+lot|loads|plenty|inflamed|red|painful|sore"
                 r"|(?:quite|pretty|fairly|rather|somewhat)\s+bad|bad|worse|noticeable|several|clusters?"
                 r"|widespread|in\s+between"),
    ("mild", r"mild(?:ly)?|mlid|slight(?:ly)?|small|tiny|few|some|a\s+couple|couple\s+of|little|minor|handful"
             r"|one\s+or\s+two|manageable|light|ok|okay|fine"),
)
_EXTENT_RES = [(level, re.compile(rf"\b(?:{rx})\b")) for level, rx in _EXTENT_CUES]
_NEGATOR = re.compile(r"\b(?:not|no|isn't|isnt|never|hardly|without)\s+(?:\w+\s+){0,2}$")
_SCALE = re.compile(r"(?<![\d.])(?P<n>\d{1,2})(?:\.\d+)?\s*(?:/|out\s+of)\s*10\b")


@_never_raises(_internal)
def parse_flare_extent(text: str) -> Parsed:
    """'mild' | 'moderate' | 'severe' from the word, a description or an n/10 score.

    The most severe cue wins ('a few huge cysts' -> severe); negated cues are ignored
    except 'not (too) bad' / 'not many', which mean mild.
    """
    if not isinstance(text, str) or not text.strip():
        return _fail(EMPTY)
    # Punctuation stays so that a negation does not reach past a comma ("not ok, really bad").
    s = re.sub(r"[^a-z0-9'/\s,.;!?]", " ", text.lower().replace("’", "'"))
    found = set()
    score = _SCALE.search(s)
    if score and 0 <= int(score.group("n")) <= 10:
        n = int(score.group("n"))
        found.add("mild" if n <= 3 else "moderate" if n <= 6 else "severe")
    if _EXTENT_MILD_PHRASES.search(s):
        found.add("mild")
        s = _EXTENT_MILD_PHRASES.sub(" ", s)
    for level, rx in _EXTENT_RES:
        for m in rx.finditer(s):
            if not _NEGATOR.search(s[max(0, m.start() - 30):m.start()]):
                found.add(level)
    found |= _fuzzy_levels(s)
    for level in reversed(_EXTENT_LEVELS):
        if level in found:
            return Parsed(level, None)
    return _fail(UNCLEAR)


_CUE_WORDS = {w for _, rx in _EXTENT_CUES for w in re.findall(r"[a-z]+", rx)}


def _fuzzy_levels(s: str) -> set:
    """Typos of the three words themselves: 'moderat', 'sever', 'modrate'."""
    found = set()
    for m in re.finditer(r"[a-z]{4,12}", s):
        word = m.group()
        if word in _CUE_WORDS or word in ("several", "serve", "server", "never", "model", "models"):
            continue
        close = difflib.get_close_matches(word, _EXTENT_LEVELS, n=1, cutoff=0.8)
        if close and not _NEGATOR.search(s[max(0, m.start() - 30):m.start()]):
            found.add(close[0])
    return found


# --------------------------------------------------------------------------------------
# Free text: every quantity with an explicit unit
# --------------------------------------------------------------------------------------

_TREATMENT_CUE = re.compile(
    r"\b(?:accutane|isotretinoin|roaccutane|absorica|claravis|amnesteem|myorisan|zenatane|oratane|epuris"
    r"|isotroin|isotrex|iso|tane|treatment|course|medication|meds|medicine|pills?|tablets?|capsules?"
    r"|(?:taking|on|started|starting|began|begun|start)\s+(?:it|them)|\d*\s?mg)\b")
_FLARE_CUE = re.compile(
    r"\b(?:flare[sd]?|flaring|flare-?ups?|break(?:ing)?\s?outs?|broke\s+out|broken\s+out|purg(?:e|es|ed|ing)"
    r"|spots?|pimples?|zits?|acne|bumps?|cysts?|nodules?|lesions?|worse|worsen(?:ed|ing)?)\b")
_IN_AFTER = re.compile(r"\s?(?:in|into)\b(?!\s(?:a\srow|the\s(?:morning|evening|afternoon)|total))")
_FIRST_BEFORE = re.compile(r"\b(?:first|1st)\s$")  # word numbers are digits by now
_CLAUSE_BREAK = re.compile(r"[.;!?\n,]|\band\b|\bbut\b|\bwhile\b|\bwhereas\b")


def _duration_role(t: _Text, item: _Item) -> Optional[str]:
    """'treatment', 'flare' or None, from the words around a duration in its clause."""
    if item.week_number or _IN_AFTER.match(t.text, item.end) or _FIRST_BEFORE.search(t.text, 0, item.start):
        return "treatment"  # "week 6", "6 weeks in", "the first few weeks" (of treatment)
    text = t.text
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, item.start - 120), item.start)]
    clause_start = starts[-1] if starts else max(0, item.start - 120)
    nxt = _CLAUSE_BREAK.search(text, item.end, item.end + 120)
    clause_end = nxt.start() if nxt else min(len(text), item.end + 120)
    before, after = text[clause_start:item.start], text[item.end:clause_end]
    cues = []  # (distance, preceding?, role)
    for role, rx in (("treatment", _TREATMENT_CUE), ("flare", _FLARE_CUE)):
        for m in rx.finditer(before):
            cues.append((0, len(before) - m.end(), role))
        for m in rx.finditer(after):
            cues.append((1, m.start(), role))
    return min(cues)[2] if cues else None


def within_limits(q: Quantity) -> bool:
    """Whether an extracted quantity is possible (extract_quantities does not range-check)."""
    if q.kind == "temperature":  # either scale's range, in °C: 33.9–43.3
        low = min(LIMITS["temp_c"][0], _f_to_c(LIMITS["temp_f"][0]))
        high = max(LIMITS["temp_c"][1], _f_to_c(LIMITS["temp_f"][1]))
        return round(low, 1) <= q.value <= round(high, 1)
    low, high = LIMITS[{"dose": "dose_mg", "weight": "weight_kg", "duration": "weeks"}[q.kind]]
    if q.kind == "dose":
        return low < q.value <= high
    return low <= q.value <= high


@_never_raises(list)
def extract_quantities(text: str, today: date) -> List[Quantity]:
    """Every dose, weight, duration and temperature written WITH a unit, in text order.

    Bare numbers are skipped. Values are converted (mg/day, kg, weeks, °C) but doses,
    weights and durations are not range-checked: "4000mg" comes back as 4000 so the
    caller can check LIMITS (or ``within_limits``) and re-ask. Temperatures are kept
    only when possible (a "c" or "f" after a number is too often something else).
    Negative numbers are skipped. Durations carry a role: "treatment", "flare" or None.
    """
    t = _prepare(text)
    if t is None:
        return []
    items = _merge_products(_scan(t, today, dates_need_trigger=True), t)
    doses = [i for i in items if i.family == "mass"]
    mult = _frequency_multipliers(doses, [i for i in items if i.family == "freq"])
    alt = math.prod(i.raw for i in items if i.family == "alt")
    out = []
    for i in items:
        if i.negative or i.problem:
            continue
        start, end = t.original(i.start, i.end)
        if i.family == "mass":
            out.append(Quantity("dose", round(i.value * mult.get(id(i), 1.0) * alt, 1), start, end, None))
        elif i.family == "weight":
            out.append(Quantity("weight", round(i.value, 2), start, end, None))
        elif i.family == "duration":
            out.append(Quantity("duration", round(i.value, 1), start, end, _duration_role(t, i)))
        elif i.family == "temp":
            c, possible, _ = _celsius(i)
            if possible:  # "0F", "5 c" are too often something else to pass on
                out.append(Quantity("temperature", round(c, 1), start, end, None))
    return out
