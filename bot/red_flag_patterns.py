"""The English red-flag table: phrases read from ``bot/red_flag_lexicons/en/``, context words here.

The phrases a clinician reviews are data, one YAML file per red-flag code
(``<code>.yml``: its label source, the findings that raise it with their phrases
and vetoes, a combination, the weaker code it supersedes) plus ``words.yml``
(word classes). README.md in that folder explains the phrase syntax. Nothing
here runs at import: the files are read, checked and cached on first use of
``WORDS``, ``PATTERNS``, ``VETOES``, ``LABEL_SOURCES``, ``FINDING_CODE``,
``COMBINATIONS``, ``SUPERSEDES`` or ``ANY_SUBJECT``; a mistake in a file stops
the detector with a ``TableError`` naming the file and the entry.

``bot/red_flags.py`` turns the phrases into spaCy Matcher patterns; the words
its negation, framing and subject rules use are at the end of this module.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple

import yaml

from bot.red_flag_levels import FLAG_LEVEL

TABLE_DIR = Path(__file__).resolve().parent / "red_flag_lexicons" / "en"
WORDS_FILE = "words.yml"
_CODE_KEYS = {"source", "findings", "combination", "supersedes"}
_FINDING_KEYS = {"patterns", "vetoes", "only_in_combination", "any_subject"}
_WORD_CLASS = re.compile(r"<(\w+)>")


class TableError(ValueError):
    """A file of the English red-flag table is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class Table:
    words: Dict[str, str]  # word class → regular expression over one lower-case word
    patterns: Dict[str, Tuple[str, ...]]  # finding → phrases; codes in bot/red_flag_levels.py order
    vetoes: Dict[str, Tuple[str, ...]]  # finding → idioms and harmless uses that drop an overlapping match
    label_sources: Dict[str, str]  # code → where the label says to stop and call
    finding_code: Dict[str, Optional[str]]  # finding → the code it raises (None: only in a combination)
    combinations: Dict[str, Tuple[Tuple[str, ...], ...]]  # code → groups, each needing one finding
    supersedes: Dict[str, str]  # code → the weaker code it includes, not reported beside it
    any_subject: FrozenSet[str]  # findings that are the patient's whoever they happened to


_NAMES = {"WORDS": "words", "PATTERNS": "patterns", "VETOES": "vetoes", "LABEL_SOURCES": "label_sources",
          "FINDING_CODE": "finding_code", "COMBINATIONS": "combinations", "SUPERSEDES": "supersedes",
          "ANY_SUBJECT": "any_subject"}


def __getattr__(name: str):
    """The table's parts as module constants, read on first use (PEP 562), never at import."""
    if name in _NAMES:
        table = load()
        globals().update({constant: getattr(table, part) for constant, part in _NAMES.items()})  # bound once
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.lru_cache(maxsize=None)
def load(directory: Path = TABLE_DIR) -> Table:
    """Read and check every file of the table, once."""
    words = _read_words(directory / WORDS_FILE)
    files = {path.stem: path for path in sorted(directory.glob("*.yml")) if path.name != WORDS_FILE}
    for code in files:
        if code not in FLAG_LEVEL:
            raise TableError(f"{files[code]}: {code!r} is not a red-flag code of bot/red_flag_levels.py")
    missing = [code for code in FLAG_LEVEL if code not in files]
    if missing:
        raise TableError(f"{directory}: no file for the codes {', '.join(missing)}")
    patterns: Dict[str, Tuple[str, ...]] = {}
    vetoes: Dict[str, Tuple[str, ...]] = {}
    sources: Dict[str, str] = {}
    finding_code: Dict[str, Optional[str]] = {}
    combinations: Dict[str, Tuple[Tuple[str, ...], ...]] = {}
    supersedes: Dict[str, str] = {}
    any_subject = set()
    where: Dict[str, Path] = {}  # finding → its file, for messages
    for code in FLAG_LEVEL:  # the table's order is the level table's
        path = files[code]
        data = _read_mapping(path)
        _check_keys(path, "", data, _CODE_KEYS, required={"source", "findings"})
        sources[code] = _text(path, "source", data["source"])
        if "combination" in data:
            combinations[code] = _groups(path, data["combination"])
        if "supersedes" in data:
            if data["supersedes"] not in FLAG_LEVEL:
                raise TableError(f"{path}: supersedes: unknown code {data['supersedes']!r}")
            supersedes[code] = data["supersedes"]
        findings = data["findings"]
        if not isinstance(findings, dict) or not findings:
            raise TableError(f"{path}: findings: expected a mapping of finding → patterns and vetoes")
        for finding, entry in findings.items():
            at = f"findings.{finding}"
            if finding in where:
                raise TableError(f"{path}: {at}: already defined in {where[finding].name}")
            if finding in FLAG_LEVEL and finding != code:
                raise TableError(f"{path}: {at}: a finding named after another code belongs in {finding}.yml")
            _check_keys(path, at + ".", entry, _FINDING_KEYS, required={"patterns"})
            where[finding] = path
            alone = not entry.get("only_in_combination", False)
            if not alone and finding not in {f for group in combinations.get(code, ()) for f in group}:
                raise TableError(f"{path}: {at}: only_in_combination, but not in this file's combination")
            finding_code[finding] = code if alone else None
            if entry.get("any_subject", False):
                any_subject.add(finding)
            patterns[finding] = _phrases(path, f"{at}.patterns", entry["patterns"], words)
            if "vetoes" in entry:
                vetoes[finding] = _phrases(path, f"{at}.vetoes", entry["vetoes"], words)
    for code, groups in combinations.items():
        for finding in (f for group in groups for f in group):
            if finding not in patterns:
                raise TableError(f"{files[code]}: combination: unknown finding {finding!r}")
    # a finding raises the code of its own name unless it is listed (as in the Chinese and Spanish lexicons)
    listed = {finding: c for finding, c in finding_code.items() if c != finding}
    return Table(words, patterns, vetoes, sources, listed, combinations, supersedes, frozenset(any_subject))


def _read_mapping(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TableError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise TableError(f"{path}: expected a mapping at the top")
    return data


def _read_words(path: Path) -> Dict[str, str]:
    words = _read_mapping(path)
    for name, expression in words.items():
        _compile(path, name, _text(path, name, expression))
    return words


def _check_keys(path: Path, at: str, entry, allowed: set, required: set) -> None:
    if not isinstance(entry, dict):
        raise TableError(f"{path}: {at.rstrip('.') or 'top'}: expected a mapping")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise TableError(f"{path}: {at}{unknown[0]}: unknown key (allowed: {', '.join(sorted(allowed))})")
    absent = sorted(required - set(entry))
    if absent:
        raise TableError(f"{path}: {at}{absent[0]}: missing")


def _text(path: Path, at: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TableError(f"{path}: {at}: expected a non-empty string")
    return value


def _groups(path: Path, value) -> Tuple[Tuple[str, ...], ...]:
    if not isinstance(value, list) or not value or not all(isinstance(g, list) and g for g in value):
        raise TableError(f"{path}: combination: expected a list of groups of findings")
    return tuple(tuple(group) for group in value)


def _phrases(path: Path, at: str, value, words: Dict[str, str]) -> Tuple[str, ...]:
    """Check every phrase: each item a valid regular expression, each <class> a known word class."""
    if not isinstance(value, list) or not value:
        raise TableError(f"{path}: {at}: expected a list of phrases")
    for i, phrase in enumerate(value):
        here = f"{at}[{i}]"
        for item in _text(path, here, phrase).split():
            if item == "...":
                continue
            body = item[1:-1] if item.startswith("{") and item.endswith("}") else item
            for name in _WORD_CLASS.findall(body):
                if name not in words:
                    raise TableError(f"{path}: {here} {phrase!r}: unknown word class <{name}> (words.yml)")
            _compile(path, f"{here} {phrase!r}", _WORD_CLASS.sub(lambda m: f"(?:{words[m.group(1)]})", body))
    return tuple(value)


def _compile(path: Path, at: str, expression: str) -> None:
    try:
        re.compile(f"^(?:{expression})$")
    except re.error as error:
        raise TableError(f"{path}: {at}: not a valid regular expression: {error}") from None


# --- Context words used by the negation, framing and subject rules --------------------------------
# A negation word before a finding, in the same clause, denies it ("no fever", "never had joint pain").
NEGATIONS = frozenset({"no", "not", "never", "without", "denies", "denied", "deny", "nor", "neither", "none",
                       "nope", "nah"})
# A negation word followed by one of these is a hedge, not a denial ("not sure if I'm pregnant").
HEDGES = frozenset({"sure", "certain", "know", "knowing", "100", "100%", "idea", "clue", "doubt", "wonder",
                    "only", "just", "matter", "convinced", "positive", "exactly", "confident", "tell", "even"})
# A negation attaches to these and reaches no further: "not feeling great kind of depressed",
# "nothing helps the joint pain", "I can't stop thinking about killing myself".
NEGATION_TARGETS = frozenset({"great", "good", "well", "okay", "ok", "fine", "right", "happy", "normal", "bad",
                              "better", "best", "amazing", "brilliant", "perfect", "100%", "help", "helps",
                              "helped", "helping", "work", "works", "worked", "working", "improve", "improved",
                              "improving", "fix", "fixed", "stop", "stopped", "stopping", "ease", "eased",
                              "relieve", "relieved", "shift", "budge", "shake", "rid", "change", "changed",
                              "gone", "went", "going", "seem", "seems"})
# After "never", these make it emphatic ("never been so depressed"), not a denial.
EMPHASIS = frozenset({"so", "this", "such", "as", "more", "worse", "that"})
# Words that end the reach of a negation ("no fever but my knees ache", "no fever, just back pain").
SCOPE_ENDS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas", "while", "just",
                        "only", "still", "also", "plus", "now", "apart", "besides", "instead", "other",
                        "because", "unless", "then", "anyway", "actually", "until", "till"})
# A subject pronoun starts a new statement the negation does not reach
# ("I don't think I'm pregnant" stays a flag: recall first)...
NEW_SUBJECTS = frozenset({"i", "he", "she", "we", "they", "it", "you", "everything"})
# ...except right after "no way", "no chance": "no chance I'm pregnant".
DENIAL_NOUNS = frozenset({"way", "chance", "possibility"})
# After "and"/"or" these start a new statement too ("no fever and my knees ache", "no energy and feel
# worthless").
NEW_PHRASES = frozenset({"my", "the", "his", "her", "their", "our", "its", "this", "that", "feel", "feels",
                         "feeling", "felt", "am", "keep", "get", "getting", "got", "have", "has", "been", "is",
                         "are", "was", "now"})
# Words allowed between "no" and a finding in a list ending in "or": "no fever, chills or joint pain".
LIST_WORDS = frozenset({"any", "a", "an", "the", "have", "has", "had", "got", "get", "getting", "signs", "sign",
                        "of", "or", "nor", "and", "rash", "rashes", "itching", "itch", "headache", "headaches",
                        "nausea", "dizziness", "vomiting", "cough", "nosebleeds", "problems", "issues",
                        "symptoms", "real", "major", "experienced", "noticed", "really", "bad", "severe"})
# Said right after a finding: "fever: no", "joint pain - none".
AFTER_NEGATIONS = frozenset({"no", "none", "nope", "nil", "negative", "nah", "never", "n/a"})
# After a denied finding, these make it a report again: "never had joint pain until now".
REVERSALS = frozenset({"until", "till", "til", "before"})

# Framing: a question or worry about a side effect, not a symptom. The nearest cue
# before the finding wins: a frame makes it hypothetical, a MARKER the patient's own.
FRAMES: Tuple[str, ...] = (
    # "will it make me", "can accutane cause", "is it going to give you"
    "will|would|could|can|may|might|does|do|did|should|going|is ... make|give|cause|trigger|bring|lead|"
    "affect {me|you|people|someone|us|one|to|on|up}",
    # "will I get", "might get", "can you develop"
    "will|would|could|can|may|might|should|going {i|you|we|people|someone|one|everyone|to} {ever|also|really|"
    "actually|possibly|eventually|definitely|still|just} get|become|develop|experience|suffer|end|start|take|use",
    # "do you get", "can people have", "are women at risk"
    "will|would|could|can|may|might|does|do|did|is|are|should you|people|someone|anyone|one|everyone|patients|"
    "girls|guys|men|women",
    # "if I get", "in case you develop", "what if I become"
    "if|whether|when|once|unless|case {i|you|we|someone|people|one} {ever} get|gets|become|develop|develops|"
    "start|starts|end|experience|notice",
    # "worried about getting", "scared of", "afraid that"
    "worried|worry|worrying|worries|scared|afraid|nervous|concerned|fear|fears|frightened|terrified|paranoid "
    "{about|of|that} {getting|becoming|developing|having|a}",
    "risk|risks|chance|chances|likelihood|odds|danger|dangers|rate|rates|possibility|percentage|prevalence|"
    "incidence of|for",
    # "what happens if I overdose", "how much is an overdose", "can I take a double dose?"
    "if|whether|case {i|you|someone|somebody|people|one} {accidentally|ever} <overdose>|od|take|took|double",
    "how much|many ... is|be|would|to|counts",
    "counts|count|considered as",
    # reported information: "I read that...", "my derm warned me about..."
    "heard|read|reading|told|says|said|warned|warning|warnings|apparently|supposedly|article|studies|"
    "study|research|google|googled|leaflet|label|pamphlet|tiktok|reddit|online|internet|forum|forums|website "
    "{me|us|you} {about|of|that}",
    "prevent|prevents|preventing|avoid|avoiding|reduce|reducing|minimise|minimize|protect|prevention|"
    "precautions|precaution",
    "what are|is {the} {main|early|warning|common|usual} signs|symptoms|side",
    "monitor|monitoring|screen|screening|screened|questionnaire|check|checking|checked for|on|of",
)
# Conditions ("tell her if I feel low") frame urgent findings only: an emergency mentioned even
# as a condition ("what do I do if I feel suicidal") is still checked.
FRAMES_URGENT: Tuple[str, ...] = (
    "if|whenever|case {i|you|we} {ever} {start|begin} {to} feel|notice|get|have|experience|develop",
)
# Frames that also count after the finding in its clause: "is joint pain a side effect?"
FRAMES_ANYWHERE: Tuple[str, ...] = (
    "side {-} effect|effects|affect|affects",
    "sideeffect|sideeffects",
    "cause|causes",
    "linked|associated|related|connected to|with",
)
# "the" right before a finding refers to one the patient has: "does the joint pain go away?"
DEFINITE = frozenset({"the"})
# First-person words: they make a finding the patient's own experience, even in a question.
MARKERS = frozenset({"i", "me", "my", "myself", "mine", "we", "us", "our", "normal", "ok", "okay", "this",
                     "these"})
# A sentence is a question when it starts with a question word, a question verb ("is back pain
# common"), or a modal followed by a subject ("can accutane...") — people drop the "?", and
# "joint pain?" alone is an answer. "Can't breathe", "Could be pregnant" are statements with the
# "I" left out.
QUESTION_WORDS = frozenset({"what", "why", "how", "when", "which", "who", "anyone", "anybody"})
QUESTION_VERBS = frozenset({"does", "do", "will", "would", "is", "are", "should"})
QUESTION_MODALS = frozenset({"can", "could", "may", "might"})
QUESTION_SUBJECTS = frozenset({"i", "you", "it", "this", "that", "these", "those", "there", "people",
                               "anyone", "someone", "one", "the", "a", "an", "my", "your", "we", "they", "he",
                               "she", "accutane", "roaccutane", "isotretinoin", "absorica", "claravis",
                               "amnesteem", "myorisan", "zenatane", "tane"})

# Whose finding it is: the nearest person word before it in the clause; none means the patient.
SELF_WORDS = frozenset({"i", "me", "my", "myself", "mine", "we", "us", "our", "ours", "ourselves", "both"})
# ("they"/"them"/"it" are left out on purpose: "they're bleeding" is usually about the spots.)
OTHER_PEOPLE = frozenset({
    "he", "she", "him", "her", "his", "hers", "himself", "herself", "someone", "somebody", "people", "person",
    "anyone", "everyone", "friend", "friends", "mate", "mates", "pal", "bestie", "bff", "bf", "gf",
    "boyfriend", "girlfriend", "partner", "husband", "wife", "hubby", "fiance", "fiancé", "fiancee", "mum",
    "mom", "mam", "mother", "mummy", "mommy", "dad", "daddy", "father", "parent", "parents", "sister", "sis",
    "brother", "sibling", "siblings", "son", "daughter", "kid", "kids", "child", "children", "baby",
    "toddler", "teen", "teenager", "cousin", "aunt", "auntie", "aunty", "uncle", "nan", "nana", "gran",
    "granny", "grandma", "grandmother", "grandad", "granddad", "grandpa", "grandfather", "niece", "nephew",
    "flatmate", "roommate", "housemate", "colleague", "coworker", "classmate", "neighbour", "neighbor",
    "family", "women", "woman", "girls", "ladies", "men", "guys", "patients", "girl", "guy", "boy",
    "dog", "cat", "puppy", "pet",
    # people online and others the patient tells about ("a girl on reddit", "my ex", "this guy I know")
    "ex", "bro", "twin", "stepmum", "stepmom", "stepdad", "stepsister", "stepbrother", "grandparents",
    "relative", "relatives", "lad", "lads", "bloke", "dude", "gal", "lady", "man", "others", "op", "poster",
    "commenter", "commenters", "redditor", "redditors", "influencer", "youtuber", "tiktoker", "celebrity",
    "acquaintance", "teammate", "housemates", "flatmates", "roommates", "colleagues", "coworkers", "classmates",
    "users", "user", "members", "member", "someone's", "everybody", "somebody's", "folks", "fiancée",
})
# A new time segment (bot/red_flag_time.py) starts at one of these right after a joiner:
# "I had depression years ago and now I'm feeling low again", "I had a fever last year, I'm fine".
SEGMENT_STARTS = frozenset({"i", "he", "she", "we", "they", "it", "you", "now", "still", "my",
                            "currently", "lately", "recently", "this", "that"})
JOINERS = frozenset({"and", "so", "then", "plus", "&", ",", ";", "-", "but"})
# "a guy I know got joint pain": after a person word, "I" + one of these is about that person.
RELATIVE_VERBS = frozenset({"know", "knew", "met", "follow", "followed", "work", "worked", "saw", "went", "watch",
                            "watched", "talked", "spoke", "read"})
# Words that end a clause for the framing and subject rules (besides punctuation and sentence ends).
CLAUSE_ENDS = frozenset({"but", "however", "although", "though", "because", "except", "whereas", "unless",
                         "while", "whilst", "anyway", "plus"})

# Pieces the tokenizer makes of contractions, and chat spellings, with the word they stand for.
SHORT_FORMS: Dict[str, str] = {
    "n't": "not", "nt": "not", "ca": "can", "wo": "will", "'m": "am", "m": "am", "'re": "are", "re": "are",
    "'ve": "have", "ve": "have", "'ll": "will", "ll": "will", "'d": "would", "d": "would", "gon": "going",
    "na": "to", "ta": "to", "y'": "you", "wanna": "want", "u": "you", "ur": "your", "r": "are",
    "cuz": "because", "coz": "because", "cos": "because", "tho": "though", "ppl": "people", "rly": "really",
    "v": "very", "'s": "is", "s": "is", "wat": "what",
}
