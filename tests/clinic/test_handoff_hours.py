"""Hand-off replies use the structured clinic hours; a bad setting stops the servers at start."""
import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.escalation as escalation
from actions.escalation import ActionHandoff, ActionRecordEscalation
from knowledge.loader import load_articles
from storage.database import migrate, session_scope
from tests.actions.conftest import tracker_from
from tests.conftest import ROOT

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'flarecare.db'}"
    monkeypatch.setenv("FLARECARE_DATABASE_URL", url)
    migrate(url)
    with session_scope(url) as session:
        load_articles(session)
    return url


@pytest.fixture
def clinic_hours(monkeypatch):
    monkeypatch.setenv("FLARECARE_CLINIC_OPEN", "Mon-Fri 09:00-17:00")
    monkeypatch.setenv("FLARECARE_CLINIC_TZ", "Europe/London")
    monkeypatch.delenv("FLARECARE_CLINIC_HOURS", raising=False)

    def clock(moment):
        monkeypatch.setattr(escalation, "_now", lambda: moment)

    return clock


def said(dispatcher):
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def test_handoff_on_saturday_says_when_they_will_reply(database, clinic_hours):
    clinic_hours(datetime(2024, 6, 8, 11, 0, tzinfo=LONDON))  # Saturday
    dispatcher = CollectingDispatcher()
    ActionHandoff().run(dispatcher, tracker_from("mild_flare_complete"), {})
    text = said(dispatcher)
    assert "The clinic is closed now; they'll reply from Monday 9:00." in text
    assert "If it can't wait, phone the clinic" in text


def test_handoff_in_opening_hours(database, clinic_hours):
    clinic_hours(datetime(2024, 6, 4, 10, 0, tzinfo=LONDON))  # Tuesday morning
    dispatcher = CollectingDispatcher()
    ActionHandoff().run(dispatcher, tracker_from("mild_flare_complete"), {})
    assert "The clinic is open now, until 17:00." in said(dispatcher)


def test_red_flag_escalation_at_night(database, clinic_hours):
    clinic_hours(datetime(2024, 6, 4, 22, 30, tzinfo=LONDON))  # Tuesday night
    dispatcher = CollectingDispatcher()
    ActionRecordEscalation().run(dispatcher, tracker_from("red_flag_mid_form"), {})
    assert ("I've also let your clinic's team know. The clinic is closed now; they'll reply from 9:00 tomorrow. "
            "Please don't wait for them to contact you.") in said(dispatcher)


def test_free_text_hours_alone_work_as_before(database, monkeypatch):
    monkeypatch.delenv("FLARECARE_CLINIC_OPEN", raising=False)
    monkeypatch.setenv("FLARECARE_CLINIC_HOURS", "weekdays 8–6")
    dispatcher = CollectingDispatcher()
    ActionRecordEscalation().run(dispatcher, tracker_from("red_flag_mid_form"), {})
    assert "I've also let your clinic's team know (weekdays 8–6). Please don't wait" in said(dispatcher)


def test_structured_hours_are_described_when_no_free_text(clinic_hours):
    assert escalation.clinic_hours() == "Monday to Friday 9:00–17:00"


BAD = {"FLARECARE_CLINIC_OPEN": "Mon-Fri 9am-5pm", "FLARECARE_CLINIC_TZ": "Europe/London"}


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLARECARE_")}
    env.update(FLARECARE_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT), **extra)
    return env


def test_action_server_refuses_to_start_with_bad_hours(tmp_path):
    """rasa-sdk imports actions/ at start: the import fails, with the reason."""
    result = subprocess.run([sys.executable, "-c", "import actions.escalation"], cwd=ROOT,
                            env=_env(tmp_path, **BAD), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "FLARECARE_CLINIC_OPEN / FLARECARE_CLINIC_TZ: '9am' in 'Mon-Fri 9am-5pm' is not a time" in result.stderr


@pytest.mark.parametrize("settings, message", [
    (BAD, "clinic hours: FLARECARE_CLINIC_OPEN / FLARECARE_CLINIC_TZ: '9am' in 'Mon-Fri 9am-5pm' is not a time"),
    ({"FLARECARE_CLINIC_OPEN": "Mon-Fri 09:00-17:00"}, "clinic hours: FLARECARE_CLINIC_OPEN needs FLARECARE_CLINIC_TZ"),
    ({"FLARECARE_CLINIC_OPEN": "Mon-Fri 09:00-17:00", "FLARECARE_CLINIC_TZ": "Europe/Lodnon"},
     "'Europe/Lodnon' is not a time zone"),
])
def test_serve_stops_before_starting_anything(tmp_path, settings, message):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve.py"), "--no-web"], cwd=ROOT,
                            env=_env(tmp_path, **settings), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert message in result.stderr
    assert not (tmp_path / "endpoints.yml").exists()  # stopped before writing or starting anything
