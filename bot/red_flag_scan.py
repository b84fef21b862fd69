"""Red flags in every language a patient may write, and the language to answer in.

Every message goes through the English detector (bot/red_flags.py), so a message
in any language with an English red-flag word still escalates. A message with a
Chinese character also goes through the Chinese lexicon, and one with Latin
letters through the Spanish one (bot/red_flag_lexicon.py) — whatever language
identification says, because Spanish words are not English ones and the check
costs microseconds: "I have fiebre" and a Spanish message that lingua reads as
Portuguese still escalate. Flags are merged, one per code, emergency first.

The reply language is bot/language.py's guess. For a Latin-script message that
guess is statistical, and yields to the detector that found the flag: "tengo
fiebre" read as English gets the Spanish escalation, "I feel suicidal" read as
Spanish the English one. A guess from the script (Chinese) is exact and stays.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Dict, Tuple

from bot import language as languages
from bot import red_flag_lexicon, red_flag_patterns, red_flags
from bot.red_flag_levels import FLAG_LEVEL
from bot.red_flags import RedFlag, RedFlagScan

_ORDER = {code: i for i, code in enumerate(FLAG_LEVEL)}


@dataclass(frozen=True)
class MessageScan:
    red_flags: RedFlagScan
    language: str  # the language to reply in: "en", "zh", "es", or another bot/language.py code


def detect(text: str) -> RedFlagScan:
    """bot/red_flags.py's ``detect``, in every language: the patient's flags and others' codes."""
    return scan(text).red_flags


def scan(text: str) -> MessageScan:
    """Red flags and reply language of one message. Never raises (each part logs its own errors)."""
    guess = languages.identify(text)
    english = red_flags.detect(text)
    by_lexicon: Dict[str, red_flag_lexicon.LexiconScan] = {}
    if guess.has_chinese:
        by_lexicon["zh"] = red_flag_lexicon.scan(text, "zh")
    if guess.has_latin:
        by_lexicon["es"] = red_flag_lexicon.scan(text, "es")
    own_language = by_lexicon.get(guess.code)
    if own_language is not None:
        english = _checked_by(own_language, guess.code, english)
    lexicon_flags = {lang: _without_english_words(found.found, lang) for lang, found in by_lexicon.items()}
    merged = merge(english, *lexicon_flags.values())
    found_by = [lang for lang, found in lexicon_flags.items() if found.flags] + (["en"] if english.flags else [])
    reply = guess.code
    if found_by and reply not in found_by and not guess.from_script:
        reply = found_by[0]  # lingua's guess yields to the detector that found the flag
    return MessageScan(merged, reply)


def _checked_by(own_language: red_flag_lexicon.LexiconScan, language: str, english: RedFlagScan) -> RedFlagScan:
    """English flags in a Chinese or Spanish message, less what that language's lexicon knows better.

    Dropped: a flag whose words are ordinary words of the message's language
    ("tengo una pregunta": the English detector's typo rule reads "pregnant"),
    and a flag the lexicon saw and dismissed ("mi madre tiene convulsiones" is
    the mother's, "de niña tuve convulsiones" is over).
    """
    kept = tuple(flag for flag in english.flags if flag.code not in own_language.dismissed
                 and not red_flag_lexicon.is_english_false_friend(flag.evidence, language))
    return replace(english, flags=kept)


def _without_english_words(found: RedFlagScan, language: str) -> RedFlagScan:
    """A lexicon's flags less words it shares with English ("suicidal"): those are the English
    detector's to judge, with its framing rules ("can it make you suicidal?" is a question)."""
    kept = tuple(flag for flag in found.flags if not red_flag_lexicon.is_english_word(flag.evidence, language))
    return replace(found, flags=kept)


def merge(*scans: RedFlagScan) -> RedFlagScan:
    """One flag per code (the first scan's evidence wins), emergency first; others minus the patient's own.

    A weaker code is dropped beside the code that includes it, whichever detector found each:
    "diarrea con sangre" is bloody diarrhoea, though the English detector reads only "diarrea".
    Recent flags to ask about and past ones are kept (bot/red_flag_time.py), less any code that
    escalates anyway."""
    flags: Dict[str, RedFlag] = {}
    for found in scans:
        for flag in found.flags:
            flags.setdefault(flag.code, flag)
    for code, weaker in red_flag_patterns.SUPERSEDES.items():
        if code in flags:
            flags.pop(weaker, None)
    others = {code for found in scans for code in found.others} - set(flags)
    ordered: Tuple[RedFlag, ...] = tuple(sorted(flags.values(), key=lambda flag: _ORDER[flag.code]))
    unclear: Dict[str, RedFlag] = {}
    for found in scans:
        for flag in found.unclear:
            if flag.code not in flags:
                unclear.setdefault(flag.code, flag)
    past = {code for found in scans for code in found.past} - set(flags)
    return RedFlagScan(ordered, tuple(sorted(others, key=_ORDER.get)),
                       tuple(sorted(unclear.values(), key=lambda flag: _ORDER[flag.code])),
                       tuple(sorted(past, key=_ORDER.get)))


def warm_up() -> None:
    """Build every detector now (at server start), not inside a patient's first message."""
    red_flag_patterns.load()  # a mistake in a pattern file stops the start, not every later scan
    languages.warm_up()
    for language in red_flag_lexicon.LANGUAGES:
        red_flag_lexicon.detect("", language)
    red_flags.detect("")
