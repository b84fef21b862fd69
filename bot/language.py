"""Which language a patient wrote in: the language the reply (or escalation) should be in.

The bot converses in English; it escalates in English, Simplified Chinese and
Spanish (bot/red_flag_lexicon.py) and, for a message in another language it
knows, says in that language what it can do (domain.yml, ``utter_other_language``).

Two steps:

1. Script, exactly. Each word is counted for the script most of its letters are
   in; a Chinese or Japanese word is two characters. The script with the most
   words wins: Han → Chinese, kana (with or without Han) → Japanese, Hangul →
   Korean, Arabic, Devanagari → Hindi, Cyrillic → Russian. Numbers and units
   ("20mg", "40 mg") count for nothing, so "每天20mg" is Chinese and
   "I'm on 20mg 异维A酸" (three English words, one Chinese) is English.
2. Latin script: lingua's statistical models for English, Spanish, French,
   Portuguese, German, Italian and Vietnamese, over the words left once numbers,
   units and drug names ("isotretinoin" looks French to lingua) are taken out.
   "¿" or "¡" means Spanish. Otherwise lingua's best guess is taken only when it
   is not English and lingua gives it at least ``LATIN_THRESHOLD`` (Spanish, which
   the bot escalates in: ``SPANISH_THRESHOLD``; any language, when the words have
   a letter English does not use, like "sí" or "não": ``ACCENTED_THRESHOLD``).
   A single word without accents needs ``ONE_WORD_THRESHOLD`` whatever the
   language. Anything less sure is English, the language the bot converses in:
   "no", "ok", "hi", "nah" stay English whatever they also spell elsewhere.
   Vietnamese needs its diacritics (lingua reads a bare "hi" as Vietnamese).

Measured by ``scripts/measure_language_id.py`` on tests/data/language_samples.yml
(180 short messages, most one to five words: 70 English incl. code-mixed ones
like "I'm on 20mg 异维A酸" and "my abuela says it's normal", 42 Spanish, 28
Chinese, 40 in ten other languages), accuracy per group, and on the 2169
English examples of data/nlu (NLU-en: how many are NOT read as English):

    latin  spanish  word  all     en      es      zh      other   NLU-en
    0.30   0.30     -     91.7%   91.4%   88.1%   100%    90.0%   61
    0.40   0.40     -     91.7%   97.1%   81.0%   100%    87.5%   30
    0.50   0.50     -     90.0%   98.6%   73.8%   100%    85.0%   13
    0.60   0.60     -     88.9%   98.6%   71.4%   100%    82.5%    8
    0.70   0.70     -     85.0%   100%    57.1%   100%    77.5%    5
    0.50   0.30     -     93.3%   98.6%   88.1%   100%    85.0%   21
    0.50   0.30     0.6   91.7%   98.6%   81.0%   100%    85.0%   12
    0.50   0.30     0.7   92.2%   100%    81.0%   100%    85.0%   11   <- chosen
    0.50   0.30     0.8   91.7%   100%    78.6%   100%    85.0%   10

Chosen: 0.5, 0.3 for Spanish, 0.7 for one bare word. Misreading English is the
costlier error: an English speaker is told, in another language, that the bot
speaks English, and a form answer ("ya", "true") is not taken. A lower Spanish
bar keeps Spanish sentences; the one-word bar costs Spanish "hola", "vale",
"claro" (they get the English reply, as before this module) and saves ten
English words ("yessss", "true", "hiya"). The 11 English misreads left are chat
words and foreign set phrases ("au revoir", "ttfn", "uh huh", "r u an actual
doctor") — 0.5% of the English examples. Other misses: "por favor", "me duele
la cara", "bastante" (English), "qué tal" (French), "bom dia" (English).
Red flags do not depend on this: bot/red_flag_scan.py runs the Spanish lexicon
on every Latin-script message, and for the reply lingua's guess yields to the
detector that found the flag. tests/bot/test_language.py asserts these figures.

Lingua's models load on first use (about a second); ``warm_up`` does it at server
start. Importing this module does no work.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, FrozenSet, Tuple

ENGLISH = "en"
_SAMPLE = 1000  # characters read: enough to tell a language, and lingua is slow on long text
LATIN_THRESHOLD = 0.5
SPANISH_THRESHOLD = 0.3  # a language the bot escalates in: a lower bar (see the measurement above)
ONE_WORD_THRESHOLD = 0.7  # a single word without accents, in any language
ACCENTED_THRESHOLD = 0.2  # a letter English does not use ("sí", "não") already says "not English"

# (language, pattern of one letter of its script); kana before Han: a Japanese word mixes both.
_SCRIPTS: Tuple[Tuple[str, "re.Pattern[str]"], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")),
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")),
)
_CHARACTER_SCRIPTS = {"ja", "zh"}  # no spaces between words: about two characters a word
_QUANTITY = re.compile(r"\d[\d.,]*\s?(?:mg|kgs?|kilos?|lbs?|g|ml|cm|st|mcg|µg)?\b", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:'\w+)?")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_NON_ASCII_LETTER = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_SPANISH_MARKS = re.compile(r"[¿¡]")  # only Spanish opens a question or exclamation
# Drug and brand names read the same in every language (and look French to lingua).
_NAMES = re.compile(r"\b(?:isotretino\w*|accutane|roaccutane|absorica|claravis|amnesteem|myorisan|zenatane|"
                    r"epuris|clarus|oratane|isotroin|sotret|acnotin|curacne|tretinoin)\b", re.IGNORECASE)

# lingua's names → ours, for the Latin-script languages it tells apart.
_LATIN_LANGUAGES: Dict[str, str] = {
    "ENGLISH": "en", "SPANISH": "es", "FRENCH": "fr", "PORTUGUESE": "pt",
    "GERMAN": "de", "ITALIAN": "it", "VIETNAMESE": "vi",
}
_NEEDS_ACCENTS = {"vi"}  # written Vietnamese is full of diacritics; lingua reads "hi" as Vietnamese
KNOWN: FrozenSet[str] = frozenset(_LATIN_LANGUAGES.values()) | {s for s, _ in _SCRIPTS if s != "latin"}


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # the language to reply in: "en", "zh", "es", "fr", ...
    scripts: FrozenSet[str]  # every script with a letter in the message ("zh" for any Han character)

    @property
    def has_chinese(self) -> bool:
        return "zh" in self.scripts

    @property
    def has_latin(self) -> bool:
        return "latin" in self.scripts

    @property
    def from_script(self) -> bool:
        """Told by its script (exact), not by lingua's statistics over Latin letters."""
        return self.code not in _LATIN_LANGUAGES.values()


def identify(text: str, latin_threshold: float = LATIN_THRESHOLD, spanish_threshold: float = SPANISH_THRESHOLD,
             one_word_threshold: float = ONE_WORD_THRESHOLD) -> LanguageGuess:
    """The message's language; English when it has none or lingua is unsure. Never raises."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text[:_SAMPLE])
    words = _script_words(_QUANTITY.sub(" ", text))
    scripts = frozenset(script for script, count in words.items() if count)
    if not scripts:
        return LanguageGuess(ENGLISH, scripts)
    dominant = max(words, key=lambda script: (words[script], script != "latin"))
    if dominant != "latin":
        return LanguageGuess(dominant, scripts)
    return LanguageGuess(_latin_language(text, latin_threshold, spanish_threshold, one_word_threshold), scripts)


def warm_up() -> None:
    """Load lingua's models now (at server start) rather than inside a patient's first message."""
    _latin_detector()
    identify("warm up")


def _script_words(text: str) -> Dict[str, float]:
    """Words per script; a word of mixed scripts counts for its majority, a CJK run by characters."""
    words: Dict[str, float] = {}
    for word in _WORD.findall(text):
        letters: Dict[str, int] = {}
        for char in word:
            script = next((name for name, pattern in _SCRIPTS if pattern.match(char)), None)
            if script:
                letters[script] = letters.get(script, 0) + 1
        if not letters:
            continue
        if "ja" in letters:  # kanji inside a Japanese word are Japanese
            letters["ja"] += letters.pop("zh", 0)
        for script, count in letters.items():
            if script in _CHARACTER_SCRIPTS:
                words[script] = words.get(script, 0) + count / 2
        latin_like = {s: c for s, c in letters.items() if s not in _CHARACTER_SCRIPTS}
        if latin_like:
            majority = max(latin_like, key=latin_like.get)
            words[majority] = words.get(majority, 0) + 1
    return words


def _latin_language(text: str, threshold: float, spanish_threshold: float, one_word_threshold: float) -> str:
    words = _NAMES.sub(" ", _QUANTITY.sub(" ", text))
    if not _LATIN_LETTER.search(words):
        return ENGLISH  # "Absorica 30mg": only names and numbers
    if _SPANISH_MARKS.search(words):
        return "es"
    accented = bool(_NON_ASCII_LETTER.search(words))
    for value in _latin_detector().compute_language_confidence_values(words):
        code = _LATIN_LANGUAGES[value.language.name]
        if code in _NEEDS_ACCENTS and not accented:
            continue
        if code == ENGLISH:
            return ENGLISH
        sure = spanish_threshold if code == "es" else threshold
        if len(words.split()) == 1:  # "ya", "true", "nah": one bare word says little
            sure = max(sure, one_word_threshold)
        if accented:
            sure = min(sure, ACCENTED_THRESHOLD)
        return code if value.value >= sure else ENGLISH
    return ENGLISH


@functools.lru_cache(maxsize=1)
def _latin_detector():
    from lingua import Language, LanguageDetectorBuilder  # loads a native library: only when first needed

    languages = [getattr(Language, name) for name in _LATIN_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
