"""settings.py: every environment variable read once, typed, with its default; the README agrees."""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any, Dict

import pytest

import settings
from settings import REPO_ROOT, Settings, SettingsError

SOURCE_FOLDERS = ("actions", "bot", "channels", "clinic", "components", "encoder", "knowledge", "scripts", "storage")
# A read of one variable; copying the whole environment for a child process ({**os.environ, ...}) is not one.
ENV_READ = re.compile(r"os\.getenv|os\.environ\.get\(|os\.environ\[|os\.environ\.setdefault")


def test_nothing_set_gives_the_defaults():
    loaded = settings.load({})
    assert loaded == Settings()
    assert loaded.data_dir == REPO_ROOT / "var" and loaded.database_url is None
    assert (loaded.bind, loaded.region, loaded.action_timeout, loaded.retention_days) == ("127.0.0.1", "US", 30.0, 180)


def test_values_are_read_into_their_types():
    loaded = settings.load({
        "FLARECARE_DATA_DIR": "/srv/flarecare", "FLARECARE_RETENTION_DAYS": " 365 ", "FLARECARE_ACTION_TIMEOUT": "12.5",
        "FLARECARE_REGION": " uk ", "FLARECARE_CLINIC_ARTICLES": "/srv/articles", "SLACK_CHANNEL": "#clinic",
    })
    assert loaded.data_dir == Path("/srv/flarecare") and loaded.clinic_articles == Path("/srv/articles")
    assert (loaded.retention_days, loaded.action_timeout, loaded.region) == (365, 12.5, "UK")
    assert loaded.value_of("SLACK_CHANNEL") == "#clinic"


def test_an_empty_value_counts_as_unset():
    assert settings.load({"FLARECARE_DATA_DIR": "", "FLARECARE_RETENTION_DAYS": "  ", "FLARECARE_BIND": ""}) == Settings()


@pytest.mark.parametrize("variable, value, reason", [
    ("FLARECARE_RETENTION_DAYS", "a year", "must be a whole number of days, at least 1"),
    ("FLARECARE_RETENTION_DAYS", "0", "must be a whole number of days, at least 1"),
    ("FLARECARE_ACTION_TIMEOUT", "soon", "must be a number of seconds above 0"),
    ("FLARECARE_ACTION_TIMEOUT", "-1", "must be a number of seconds above 0"),
    ("FLARECARE_ACTION_TIMEOUT", "nan", "must be a number of seconds above 0"),
])
def test_an_unusable_value_is_refused_by_name(variable, value, reason):
    with pytest.raises(SettingsError) as refused:
        settings.load({variable: value})
    assert str(refused.value) == f"{variable} {reason} (got {value!r})"


def test_every_unusable_value_is_named_at_once():
    with pytest.raises(SettingsError) as refused:
        settings.load({"FLARECARE_RETENTION_DAYS": "a year", "FLARECARE_ACTION_TIMEOUT": "soon"})
    assert "FLARECARE_RETENTION_DAYS" in str(refused.value) and "FLARECARE_ACTION_TIMEOUT" in str(refused.value)


def test_values_are_read_when_asked_not_frozen_at_import(monkeypatch, tmp_path):
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path))
    assert settings.load().data_dir == tmp_path
    from storage.database import data_dir  # a reader elsewhere sees the change too

    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path / "other"))
    assert data_dir() == tmp_path / "other"


def test_an_entry_point_exits_with_one_line_not_a_stack_trace():
    with pytest.raises(SystemExit) as stopped:
        settings.load_or_exit({"FLARECARE_ACTION_TIMEOUT": "soon"})
    assert str(stopped.value.code) == "configuration: FLARECARE_ACTION_TIMEOUT must be a number of seconds above 0 (got 'soon')"


def test_serve_stops_at_start_naming_the_variable(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "FLARECARE_DATA_DIR": str(tmp_path), "FLARECARE_ACTION_TIMEOUT": "soon"}
    result = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "serve.py"), "--no-web"], cwd=REPO_ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "configuration: FLARECARE_ACTION_TIMEOUT must be a number of seconds above 0" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "endpoints.yml").exists()  # stopped before writing or starting anything


def test_every_setting_names_its_variable_once_with_a_meaning():
    names = [spec.metadata["variable"] for spec in fields(Settings)]
    assert len(names) == len(set(names))
    assert all(spec.metadata["meaning"] for spec in fields(Settings))


def test_only_settings_reads_the_environment():
    readers = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for folder in SOURCE_FOLDERS
        for path in sorted((REPO_ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ENV_READ.search(line)
    ]
    assert readers == []


# --- the README's configuration table ------------------------------------------------------------


def readme_table() -> Dict[str, str]:
    """variable -> its default cell, from the table of the README's "Configuration" section."""
    section = (REPO_ROOT / "README.md").read_text().split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    assert lines[0] == "| variable | default | meaning |", "the table's header changed"
    block = section[section.index(lines[0]):section.index(lines[-1]) + len(lines[-1])]
    assert block.count("\n") == len(lines) - 1, "a blank or other line splits the table in two"
    table: Dict[str, str] = {}
    for line in lines[2:]:
        names, default, _meaning = (cell.strip() for cell in line.strip("|").split("|", 2))
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", names):
            table[name] = default
    return table


def written(default: Any) -> str:
    """A default as the README writes it."""
    if isinstance(default, Path):
        return f"{default.relative_to(REPO_ROOT).as_posix()}/"
    if isinstance(default, float):
        return f"{default:g}"
    return str(default)


def test_the_readme_table_lists_every_variable_and_no_other():
    assert sorted(readme_table()) == sorted(spec.metadata["variable"] for spec in fields(Settings))


@pytest.mark.parametrize("spec", fields(Settings), ids=lambda spec: spec.metadata["variable"])
def test_the_readme_gives_each_variable_its_default(spec):
    cell = readme_table()[spec.metadata["variable"]]
    if spec.default is None:
        assert cell.startswith("unset"), cell  # what follows says what the module then does
    else:
        first = re.match(r"`([^`]*)`", cell)
        assert first and first.group(1) == written(spec.default), cell
