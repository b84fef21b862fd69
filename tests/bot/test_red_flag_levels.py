"""The one code → level table (bot/red_flag_levels.py) against triage protocol v1 (bot/triage.py)."""
import yaml

from bot import red_flag_lexicon, red_flag_patterns
from bot.red_flag_levels import EMERGENCY_CODES, FLAG_LEVEL, URGENT_CODES
from bot.triage import LEVELS, TABLE

# DESIGN.md, "Triage protocol v1": the emergency row, as codes; every other red flag is urgent.
PROTOCOL_EMERGENCY = {"suicidal_thoughts", "breathing_difficulty", "facial_swelling", "blistering_skin_with_fever",
                      "chest_pain", "fainting", "seizure", "overdose"}


def _english_codes():
    table = red_flag_patterns.load()
    raised = {table.finding_code.get(finding, finding) for finding in table.patterns}
    return (raised - {None}) | set(table.combinations) | set(table.supersedes.values())


def _lexicon_codes(language):
    data = yaml.safe_load((red_flag_lexicon.LEXICON_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    return set(data["codes"]) | {code for code in data["part_codes"].values() if code} | set(data["combinations"])


def test_every_level_is_a_triage_level_that_reaches_the_clinic():
    assert set(FLAG_LEVEL.values()) == {"emergency", "urgent"} <= set(LEVELS)


def test_every_code_has_the_level_of_its_triage_row():
    rows = {rule.reason: rule.level for rule in TABLE}
    assert {code: rows.get(code) for code in FLAG_LEVEL} == FLAG_LEVEL


def test_the_emergency_urgent_split_is_protocol_v1():
    assert set(EMERGENCY_CODES) == PROTOCOL_EMERGENCY
    assert set(URGENT_CODES) == set(FLAG_LEVEL) - PROTOCOL_EMERGENCY
    assert EMERGENCY_CODES + URGENT_CODES == tuple(FLAG_LEVEL)  # reported emergency first


def test_every_code_a_detector_can_raise_has_a_level():
    assert _english_codes() == set(FLAG_LEVEL)
    for language in red_flag_lexicon.LANGUAGES:
        assert _lexicon_codes(language) <= set(FLAG_LEVEL), language
