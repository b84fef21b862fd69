"""Normalised text that remembers where each character came from.

Every recogniser reads the same lower-cased, simplified copy of the answer; offsets map
back to the patient's own text, and ``take`` claims what a recogniser used so the later,
less specific ones do not read it again.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, List, Optional, Tuple


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
