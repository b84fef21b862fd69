"""One negation rule for every reader of patient text: is a mention denied by the words before it?

"no fever", "never had joint pain", "not cystic", "30mg not 40", "not red". The red-flag
detector, the lesion finder, the corrections and the flare-extent parser all ask the same
question, with their own words and reach (a ``Cues``); ``negated`` answers it over words
(the red-flag detector's spaCy tokens), ``negated_in_text`` over plain text.

How far a negation reaches, scanning back from the mention (the first rule that applies):

* a hedge is no negation: "not sure", "no idea", "never been so low" (``hedges``, ``emphasis``);
* a double negative cancels "without": "I can't go a day without crying" is not denied;
* a negation within ``reach`` words denies: "no fever", "not had any fever";
* it stops at a scope end ("no fever but my knees ache", ``scope_ends``), a new subject
  ("I don't think I'm pregnant": recall first, ``new_subjects``) unless after "no way" /
  "no chance" (``denial_nouns``), a word the negation attaches to ("not feeling great, kind of
  depressed", ``targets``), a new statement after "and"/"or" (``new_phrases``) and any
  punctuation but a comma;
* it crosses commas only in a list of findings that ends in "or" ("no fever, chills or joint
  pain") and only when ``lists`` is on; otherwise a comma ends it;
* after the mention, a denial closing its clause ("fever: no", ``after_negations``) denies
  it, and "until"/"before" later in the clause ("never had it until now", ``reversals``)
  makes it a report again.

The word lists are the caller's: the red-flag detector's live in its pattern table, because
they are part of its safety logic ("hardly" denies a flare cue, "I can hardly breathe" must
stay an emergency). Pure and total: never raises on a str, linear time.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Container, FrozenSet, List, NamedTuple, Sequence, Tuple

_NONE: FrozenSet[str] = frozenset()


@dataclass(frozen=True)
class Cues:
    """The words one reader counts as negations, and how far they reach."""

    negations: FrozenSet[str]  # words that deny what follows: "no", "not", "never"
    reach: int  # words allowed between the negation and the mention
    phrases: Tuple[Tuple[str, str], ...] = ()  # two-word negations: ("instead", "of"), ("free", "of")
    hedges: FrozenSet[str] = _NONE  # "not sure", "no idea": one of these in the next two words
    emphasis: FrozenSet[str] = _NONE  # "never been so low": after "never", within three words
    scope_ends: FrozenSet[str] = _NONE  # "but", "except": the negation does not reach past them
    new_subjects: FrozenSet[str] = _NONE  # "i", "she": a new statement starts
    denial_nouns: FrozenSet[str] = _NONE  # "no chance I'm pregnant": the new subject is denied too
    targets: FrozenSet[str] = _NONE  # "not feeling great": the negation attaches here
    new_phrases: FrozenSet[str] = _NONE  # "no fever and my knees ache": after "and"/"or"
    list_words: FrozenSet[str] = _NONE  # words allowed in a list the negation reaches across commas
    after_negations: FrozenSet[str] = _NONE  # "fever: no"
    reversals: FrozenSet[str] = _NONE  # "never had it until now"
    lists: bool = False  # may a negation reach across commas into a list ending in "or"?


class Tokens(NamedTuple):
    """Lower-case words (contractions expanded: "n't" -> "not") and which are punctuation or space."""

    words: Sequence[str]
    punct: Sequence[bool]
    space: Sequence[bool]


def negated(tokens: Tokens, start: int, end: int, cues: Cues, *, sentence: Tuple[int, int],
            clause_end: int, listed: Container[int] = ()) -> bool:
    """Is the mention at tokens[start:end] denied? ``sentence`` holds its (start, end) token bounds,
    ``clause_end`` is where the clause holding its last token ends, ``listed`` the tokens of other
    mentions (they may stand in a denied list: "no fever, chills or joint pain")."""
    words = tokens.words
    sent_start, sent_end = sentence
    if any(w in cues.reversals for w in words[end:clause_end]):  # "never had it until now"
        return False
    if _denied_after(tokens, end, cues):
        return True
    crossed_comma, list_only, distance = False, True, 0
    for i in range(start - 1, sent_start - 1, -1):
        word = words[i]
        if _is_negation(words, i, cues) and not _hedge(words, i, cues):
            if word == "without" and set(words[max(sent_start, i - 5):i]) & cues.negations:
                return False  # "I can't go a day without crying"
            if crossed_comma:
                return list_only and _list_ends_in_or(tokens, i, sent_end, cues)
            return distance <= cues.reach
        if word in cues.new_subjects and i >= 2 and words[i - 1] in cues.denial_nouns \
                and words[i - 2] in cues.negations:
            return True  # "no chance I'm pregnant"
        if word in cues.scope_ends or word in cues.new_subjects or word in cues.targets:
            return False
        if word in cues.new_phrases and i > 0 and words[i - 1] in ("and", "or", "&", "plus"):
            return False
        if tokens.punct[i] or tokens.space[i]:
            if word != "," or not cues.lists:
                return False
            crossed_comma = True
            continue
        if not (word in cues.list_words or i in listed):
            list_only = False
        distance += 1
    return False


def _is_negation(words: Sequence[str], i: int, cues: Cues) -> bool:
    """A negation word, or the second word of a two-word one ("instead of", "free of")."""
    return words[i] in cues.negations or (i > 0 and (words[i - 1], words[i]) in cues.phrases)


def _hedge(words: Sequence[str], i: int, cues: Cues) -> bool:
    """ "not sure", "no idea", "never been so low": a negation word that denies nothing."""
    following = words[i + 1:i + 4]
    if set(following[:2]) & cues.hedges:
        return True
    return words[i] == "never" and bool(set(following) & cues.emphasis)


def _denied_after(tokens: Tokens, end: int, cues: Cues) -> bool:
    """ "fever: no", "joint pain - none", "fever? no": a denial right after the mention, closing its clause."""
    words, i = tokens.words, end
    while i < len(words) and tokens.punct[i] and words[i] not in (".", "!"):
        i += 1
    if i >= len(words) or words[i] not in cues.after_negations:
        return False
    return i + 1 >= len(words) or tokens.punct[i + 1] or tokens.space[i + 1]


def _list_ends_in_or(tokens: Tokens, cue: int, sent_end: int, cues: Cues) -> bool:
    for i in range(cue + 1, sent_end):
        if tokens.words[i] in ("or", "nor"):
            return True
        if tokens.words[i] in cues.scope_ends or (tokens.punct[i] and tokens.words[i] != ","):
            return False
    return False


# --- Plain text ----------------------------------------------------------------------------------
# For the readers of plain answers (lesions, corrections, flare extent). Smaller than the red-flag
# detector's lists on purpose: there a hedge keeps a flag (recall first: "not even sure" stays a
# flag), here "not even red" must still deny "red".
PLAIN_HEDGES = frozenset({"sure", "certain", "know", "idea", "clue"})
PLAIN_SCOPE_ENDS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas", "while"})

_LOOKBACK = 60  # characters read before a mention: plain-text readers reach two words at most
# Words (with inner apostrophes) and the punctuation that ends a scope; other symbols are skipped.
_TOKEN = re.compile(r"\w+(?:'\w+)*|[.,;:!?…\n]")
# "don't", "isnt", "can't", "cannot": the verb and "not", as the spaCy tokenizer splits them.
_NOT_SUFFIX = re.compile(
    r"(?P<verb>is|are|was|were|have|has|had|do|does|did|ca|can|wo|could|would|should|must|need|ai)(?:n'?t|not)")
_VERB = {"ca": "can", "wo": "will", "ai": "am"}
# "I'm", "it's", "we've": the subject and the verb, so "i" is a new subject as in spaCy's tokens.
_CLITIC = re.compile(r"(?P<word>\w+)'(?P<verb>m|re|ve|ll|d|s)")
_CLITIC_VERB = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would", "s": "is"}


def tokens_of(text: str) -> Tokens:
    """Plain text as ``Tokens``: lower-case words, contractions expanded ("don't" -> "do", "not";
    "I'm" -> "i", "am"), and the punctuation that ends a scope."""
    words, punct, _ = _read(text)
    return Tokens(words, punct, (False,) * len(words))


@functools.lru_cache(maxsize=1)  # the message being read, no more: patient text is not kept
def _read(text: str) -> Tuple[Tuple[str, ...], Tuple[bool, ...], Tuple[Tuple[int, int], ...]]:
    """Words, which are punctuation, and each word's (start, end) in ``text``: read once per text,
    however many mentions a reader asks about."""
    words: List[str] = []
    spans: List[Tuple[int, int]] = []
    for m in _TOKEN.finditer(text.replace("\u2019", "'")):  # lower-cased per word: offsets stay exact
        word, span = m.group().lower(), m.span()
        split, clitic = _NOT_SUFFIX.fullmatch(word), _CLITIC.fullmatch(word)
        if split:
            parts = [_VERB.get(split.group("verb"), split.group("verb")), "not"]
        elif clitic:
            parts = [clitic.group("word"), _CLITIC_VERB[clitic.group("verb")]]
        else:
            parts = [word]
        words += parts
        spans += [span] * len(parts)
    return tuple(words), tuple(not w[0].isalnum() and w[0] != "_" for w in words), tuple(spans)


@functools.lru_cache(maxsize=None)
def _negation_parts(cues: Cues) -> Tuple[str, ...]:
    """What any negation of ``cues`` contains, to skip text without one; it can only err towards
    reading the words: every negation word, the first word of a two-word one, "n't" and "not"."""
    return tuple(sorted(cues.negations | {first for first, _ in cues.phrases} | {"nt", "n't", "n\u2019t", "not"}))


def negated_in_text(text: str, start: int, cues: Cues) -> bool:
    """Is what starts at character ``start`` of ``text`` denied by the words before it?

    Only the whole words ending before it are read (plain-text readers use no
    ``after_negations`` or ``reversals``), from at most ``_LOOKBACK`` characters back.
    """
    if not isinstance(text, str):
        return False
    cut = max(0, start - _LOOKBACK)
    if not any(part in text[cut:start].lower() for part in _negation_parts(cues)):  # most mentions
        return False
    words, punct, spans = _read(text)
    lo = bisect.bisect_left(spans, (cut, -1))  # a word cut by the look-back ("k|not") is no word
    hi = bisect.bisect_right(spans, (start, start), lo)
    while hi > lo and spans[hi - 1][1] > start:  # nor one that runs into the mention
        hi -= 1
    n = hi - lo
    mention = Tokens(words[lo:hi] + ("",), punct[lo:hi] + (False,), (False,) * (n + 1))
    return negated(mention, n, n + 1, cues, sentence=(0, n + 1), clause_end=n + 1)
