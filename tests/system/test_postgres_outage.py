"""PostgreSQL restarted or down mid-conversation, on a private PostgreSQL (never the shared one).

Rasa alone would greet the patient as a stranger after a restart and, while the
database is down, hold their messages in one replica's memory (runtime/outages.py).
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import new_sender, start_assistant, stop_assistant, texts
from tests.system.conversation_script import FLARE_FORM
from tests.system.services import PrivatePostgres, postgres_missing_reason

pytestmark = pytest.mark.skipif(bool(postgres_missing_reason()), reason=postgres_missing_reason() or "")

RED_FLAG = "I think I might be pregnant"


@pytest.fixture(scope="module")
def postgres():
    server = PrivatePostgres()
    yield server
    server.remove()


@pytest.fixture(scope="module")
def assistant(postgres, tmp_path_factory):
    url = postgres.create_database("flarecare")
    running = start_assistant(tmp_path_factory.mktemp("pg-outage"), {"FLARECARE_DATABASE_URL": url})
    running.database_url = url
    yield running
    stop_assistant(running)


def report_levels(assistant, sender):
    engine = create_engine(assistant.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT triage_level FROM flare_reports WHERE sender_id = :s"), {"s": sender}
            ).scalars().all()
    finally:
        engine.dispose()


def user_texts(assistant, sender):
    return [event["text"] for event in assistant.tracker(sender)["events"] if event["event"] == "user"]


def say_steps(assistant, sender, steps):
    for message, expected in steps:
        reply = texts(assistant.say(sender, message))
        assert expected in reply, (message, reply)


def test_a_restart_between_two_answers_goes_unnoticed(assistant, postgres):
    sender = new_sender()
    say_steps(assistant, sender, FLARE_FORM[:3])
    postgres.restart()  # the Rasa server's pooled connections are now dead
    say_steps(assistant, sender, FLARE_FORM[3:])
    assert user_texts(assistant, sender) == [message for message, _ in FLARE_FORM]
    assert report_levels(assistant, sender) == ["self_care"]


def test_while_down_the_patient_is_told_and_red_flags_escalate_then_the_form_resumes(assistant, postgres):
    sender = new_sender()
    say_steps(assistant, sender, FLARE_FORM[:3])
    postgres.stop()
    try:
        reply = texts(assistant.say(sender, FLARE_FORM[3][0]))
        assert "couldn't take in your last message" in reply and "send it again" in reply and "911" in reply
        escalation = texts(assistant.say(sender, RED_FLAG))
        assert escalation.startswith("⚠️ URGENT: stop taking isotretinoin now")  # the domain's static reply
        assert "couldn't pass this on to your clinic's team" in escalation
    finally:
        postgres.start()
    say_steps(assistant, sender, FLARE_FORM[3:])  # the same answer again: the form goes on where it was
    assert user_texts(assistant, sender) == [message for message, _ in FLARE_FORM]  # nothing stored was lost
    assert report_levels(assistant, sender) == ["self_care"]
    log = assistant.log.read_text(errors="replace")
    assert "conversation store unavailable" in log and RED_FLAG not in log and "Traceback" not in log
