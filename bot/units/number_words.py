"""Numbers written in words: "twenty five" -> "25", "nine stone four" -> "9 stone 4",
"a hundred and fifty" -> "150", "third" -> "3rd", "two point five" -> "2.5".
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from bot.units.text import _Text


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
