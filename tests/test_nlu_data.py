"""Quality of the NLU training data in data/nlu (read with Rasa's own YAML reader; no training).

* every file parses as Rasa reads it (intents, entities, lookup tables, synonyms);
* every contract intent and every extra intent has at least 40 examples;
* no example (normalised) is filed under two intents;
* no two examples of one intent are near-duplicates: the same words, or — for
  examples of three words or more — words that differ by one word added, dropped
  or swapped ("how long does the purge last" / "how long does the accutane purge last");
* annotated entities exist in domain.yml and lesion annotations use bot.lesions' values;
* the lookup tables the RegexFeaturizer needs are there, without blank or repeated entries.

Intents added later in their own files (any intent in the data) are held to the
duplicate rules too; the 40-example minimum covers the intents listed here.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.lesions import LESION_TYPES

ROOT = Path(__file__).resolve().parents[1]
NLU_FILES = sorted((ROOT / "data" / "nlu").rglob("*.yml"))
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))

CONTRACT_INTENTS = (
    "greet goodbye affirm deny thank bot_challenge ask_mechanism ask_flare_rate ask_flare_meaning "
    "ask_flare_duration ask_prevention ask_skin_care ask_diet ask_lifestyle ask_dose report_flare "
    "inform request_human out_of_scope"
).split()
EXTRA_INTENTS = (
    "stop tell_more flare_better flare_same flare_worse red_flag_emergency red_flag_urgent ask_question ask_see_doctor"
).split()
MIN_EXAMPLES = 40

pytestmark = pytest.mark.skipif(not NLU_FILES, reason="no NLU data in this checkout")


def _read(path: Path):
    return RasaYAMLReader().read(str(path))


DATA = {path.name: _read(path) for path in NLU_FILES}


def _examples() -> Dict[str, List[str]]:
    by_intent: Dict[str, List[str]] = {}
    for data in DATA.values():
        for message in data.intent_examples:
            by_intent.setdefault(message.get("intent"), []).append(message.get("text"))
    return by_intent


EXAMPLES = _examples()


def words(text: str) -> Tuple[str, ...]:
    """Lower-case words (in any script) and symbols (emoji), without punctuation or apostrophes."""
    return tuple(re.findall(r"[^\W_]+|[^\w\s'’.,!?;:\-\"()]", text.lower().replace("'", "").replace("’", "")))


def near_duplicates(a: Tuple[str, ...], b: Tuple[str, ...]) -> bool:
    if a == b:
        return True
    if max(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@pytest.mark.parametrize("path", NLU_FILES, ids=lambda p: p.name)
def test_every_file_parses_and_holds_nlu_data(path):
    data = _read(path)  # raises on invalid YAML or a malformed annotation
    assert data.intent_examples or data.lookup_tables or data.entity_synonyms, path.name


def test_near_duplicate_rule():
    assert near_duplicates(words("how long does the purge last"), words("How long does the accutane purge last?"))
    assert near_duplicates(words("are you a bot?"), words("are you a bot"))
    assert near_duplicates(words("can i go to the gym"), words("can i go to the beach"))
    assert not near_duplicates(words("yes"), words("yes please"))
    assert not near_duplicates(words("how common is a flare"), words("is a flare a good sign"))
    assert words("👍") != words("👎")


@pytest.mark.parametrize("intent", CONTRACT_INTENTS + EXTRA_INTENTS)
def test_enough_examples_per_intent(intent):
    assert len(EXAMPLES.get(intent, [])) >= MIN_EXAMPLES, (intent, len(EXAMPLES.get(intent, [])))


def test_every_intent_is_in_the_domain():
    assert set(EXAMPLES) <= set(DOMAIN["intents"]), set(EXAMPLES) - set(DOMAIN["intents"])


def test_no_example_under_two_intents():
    seen: Dict[Tuple[str, ...], str] = {}
    clashes = []
    for intent, texts in EXAMPLES.items():
        for text in texts:
            key = words(text)
            if key in seen and seen[key] != intent:
                clashes.append((text, seen[key], intent))
            seen.setdefault(key, intent)
    assert not clashes, clashes


@pytest.mark.parametrize("intent", sorted(EXAMPLES))
def test_no_near_duplicates_within_an_intent(intent):
    tokenised = [(text, words(text)) for text in EXAMPLES[intent]]
    pairs = [(a, b) for (a, wa), (b, wb) in itertools.combinations(tokenised, 2) if near_duplicates(wa, wb)]
    assert not pairs, pairs


def test_annotated_entities_exist_in_the_domain():
    # An entity is a name, or a one-key mapping {name: {properties}}.
    domain_entities = {name for entry in DOMAIN["entities"] for name in ([entry] if isinstance(entry, str) else entry)}
    annotated = {
        entity["entity"]
        for data in DATA.values()
        for message in data.entity_examples
        for entity in message.get("entities")
    }
    assert annotated, "no annotated entities: the entity evaluation would be empty"
    assert annotated <= domain_entities, annotated - domain_entities


def test_lesion_annotations_use_the_normalised_values():
    values = {
        entity.get("value")
        for data in DATA.values()
        for message in data.entity_examples
        for entity in message.get("entities")
        if entity["entity"] == "lesion_type"
    }
    assert values and values <= set(LESION_TYPES), values - set(LESION_TYPES)


def test_lookup_tables_and_synonyms_are_well_formed():
    lookups = [table for data in DATA.values() for table in data.lookup_tables]
    assert {table["name"] for table in lookups} >= {"drug_name", "dose_unit", "weight_unit", "time_unit", "body_part"}
    for table in lookups:
        elements = table["elements"]
        assert elements and all(isinstance(e, str) and e.strip() == e and e for e in elements), table["name"]
        assert len(elements) == len({e.lower() for e in elements}), f"repeated entry in lookup {table['name']}"
    for synonym, value in (s for data in DATA.values() for s in data.entity_synonyms.items()):
        assert synonym.strip() and value.strip()
