"""Yes / no answers.

Decisions:
- Negative phrases are read first, so "I do not", "not a bit", "I have no fever" are False.
- "maybe", "not sure", "don't know", "no idea" -> unclear; "yes and no" -> ambiguous.
- "no X but Y" ("no fever but my knees ache") -> ambiguous, detail "but": the caller re-asks or
  trusts the red-flag detector. "yes but only a little" -> True; "no but thanks" -> False.
- "y"/"n" only as the whole answer. Emoji 👍/👎, "/affirm"/"/deny", "true"/"false" work.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.units.results import AMBIGUOUS, EMPTY, UNCLEAR, Parsed, _fail, _internal, _never_raises


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
