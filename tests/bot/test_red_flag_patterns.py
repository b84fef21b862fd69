"""Loading the English red-flag table (bot/red_flag_lexicons/en/): lazy, cached, checked, found from anywhere."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import red_flag_patterns
from bot.red_flag_levels import FLAG_LEVEL
from bot.red_flag_patterns import TABLE_DIR, TableError, load

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def table_copy(tmp_path):
    shutil.copytree(TABLE_DIR, tmp_path / "en")
    return tmp_path / "en"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_file_per_code_with_its_label_source():
    table = load()
    assert {path.stem for path in TABLE_DIR.glob("*.yml")} == set(FLAG_LEVEL) | {"words"}
    assert set(table.label_sources) == set(FLAG_LEVEL)
    assert red_flag_patterns.PATTERNS is table.patterns and red_flag_patterns.SUPERSEDES is table.supersedes


def test_loaded_once():
    assert load() is load()


def test_importing_the_detectors_reads_no_file():
    code = ("import bot.red_flags, bot.red_flag_scan, bot.red_flag_patterns as t; "
            "assert t.load.cache_info().currsize == 0; assert 'PATTERNS' not in vars(t)")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_found_from_any_working_directory(tmp_path):
    code = "from bot.red_flags import detect; assert detect('I can not breathe').codes == ('breathing_difficulty',)"
    env_path = {"PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, env=env_path)


def test_the_copy_loads_like_the_table(table_copy):
    assert load(table_copy) == load()


@pytest.mark.parametrize("file, old, new, message", [
    ("chest_pain.yml", "    patterns:", "    paterns:", r"chest_pain\.yml: findings\.chest_pain\.paterns: unknown key"),
    ("chest_pain.yml", "source:", "sources:", r"chest_pain\.yml: sources: unknown key"),
    ("chest_pain.yml", "      - 'angina'", "      - 'angi(na'",
     r"chest_pain\.yml: findings\.chest_pain\.patterns\[4\] 'angi\(na': not a valid regular expression"),
    ("chest_pain.yml", "      - 'angina'", "      - '<angina>'",
     r"chest_pain\.yml: findings\.chest_pain\.patterns\[4\] '<angina>': unknown word class <angina>"),
    ("words.yml", "chest: 'chest|chests'", "chest: 'chest|(chests'", r"words\.yml: chest: not a valid regular"),
    ("severe_headache_vision.yml", "supersedes: vision_problems", "supersedes: eyesight",
     r"severe_headache_vision\.yml: supersedes: unknown code 'eyesight'"),
    ("severe_headache_vision.yml", "  - [headache]", "  - [headache_x]",
     r"severe_headache_vision\.yml: findings\.headache: only_in_combination, but not in this file's combination"),
    ("blistering_skin_with_fever.yml", "  - [fever]", "  - [fevers]",
     r"blistering_skin_with_fever\.yml: combination: unknown finding 'fevers'"),
    ("pregnancy.yml", "  positive_test:", "  mood_change:",
     r"pregnancy\.yml: findings\.mood_change: a finding named after another code belongs in mood_change\.yml"),
    ("vision_problems.yml", "  painful_eyes:", "  fever:",
     r"vision_problems\.yml: findings\.fever: already defined in systemic_symptoms\.yml"),
])
def test_a_mistake_names_the_file_and_the_entry(table_copy, file, old, new, message):
    _edit(table_copy / file, old, new)
    with pytest.raises(TableError, match=message):
        load(table_copy)


def test_an_unknown_code_file_is_refused(table_copy):
    (table_copy / "chest_pain.yml").rename(table_copy / "chest_ache.yml")
    with pytest.raises(TableError, match=r"chest_ache\.yml: 'chest_ache' is not a red-flag code"):
        load(table_copy)


def test_a_code_without_a_file_is_refused(table_copy):
    (table_copy / "heartburn.yml").unlink()
    with pytest.raises(TableError, match="no file for the codes heartburn"):
        load(table_copy)


def test_a_broken_table_stops_the_warm_up(monkeypatch):
    """detect() never raises (it logs and finds nothing), so the server start must fail instead."""
    from bot import red_flag_scan

    def broken():
        raise TableError("chest_pain.yml: findings.chest_pain.paterns: unknown key")

    monkeypatch.setattr(red_flag_patterns, "load", broken)
    with pytest.raises(TableError, match="chest_pain.yml"):
        red_flag_scan.warm_up()
