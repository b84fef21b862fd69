"""The flare's extent: "mild" | "moderate" | "severe", from the word, a description or a score.

Decisions:
- The most severe cue wins ("a few huge cysts" -> severe; "moderate to severe" -> severe).
- "bad" -> moderate; "very/really bad", "terrible", "huge", "cysts", "nodules", "all over" ->
  severe; "some", "ok", "small", "a few" -> mild.
- Negated cues are ignored ("not red" -> unclear), except "not (too) bad", "not severe",
  "not many" -> mild. A negation reaches two words and stops at a comma or "but"
  (bot/negation.py).
- A score "n/10" or "n out of 10": 0-3 mild, 4-6 moderate, 7-10 severe.
- Typos of the three words are matched by similarity (difflib, cutoff 0.8).
"""
from __future__ import annotations

import difflib
import re

from bot import negation
from bot.units.results import EMPTY, UNCLEAR, Parsed, _fail, _internal, _never_raises


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
# "not red", "isn't really painful", "hardly any": the cue is not the patient's.
_NEGATION = negation.Cues(
    negations=frozenset({"not", "no", "never", "hardly", "without"}), reach=2,
    hedges=negation.PLAIN_HEDGES, scope_ends=negation.PLAIN_SCOPE_ENDS,
)
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
            if not negation.negated_in_text(s, m.start(), _NEGATION):
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
        if close and not negation.negated_in_text(s, m.start(), _NEGATION):
            found.add(close[0])
    return found
