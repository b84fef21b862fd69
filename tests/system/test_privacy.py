"""Privacy and security through the real servers: "delete my data", the API token, the bound interfaces."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, Set

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import new_sender, texts

FLARE_ANSWERS = ["mild", "no", "no", "6 weeks", "about 2 weeks", "40mg", "70 kg"]
NO_ROWS = {"events": 0, "flare_reports": 0, "handoffs": 0, "unanswered_questions": 0}


def stored_rows(assistant, sender: str) -> Dict[str, int]:
    """Rows per store for ``sender``: Rasa's tracker events and the project's tables."""
    counts = {}
    for database, tables in [("tracker.db", ["events"]),
                             ("flarecare.db", ["flare_reports", "handoffs", "unanswered_questions"])]:
        engine = create_engine(f"sqlite:///{assistant.data_dir / database}")
        with engine.connect() as connection:
            for table in tables:
                counts[table] = connection.execute(
                    text(f"SELECT count(*) FROM {table} WHERE sender_id = :s"), {"s": sender}  # noqa: S608
                ).scalar_one()
        engine.dispose()
    return counts


def chat_with_report_and_handoff(assistant, sender: str) -> None:
    assistant.say(sender, "my acne has got way worse since starting isotretinoin")
    for answer in FLARE_ANSWERS:
        assistant.say(sender, answer)
    assistant.say(sender, "can I talk to a person please")
    assistant.say(sender, "can I take it with metformin?")  # an unanswered question, stored for the clinic


def test_delete_my_data_removes_every_row_and_the_next_message_starts_afresh(assistant):
    patient, other = new_sender(), new_sender()
    for sender in (patient, other):
        chat_with_report_and_handoff(assistant, sender)
    before = stored_rows(assistant, patient)
    assert before["events"] > 20 and before["flare_reports"] == 1 and before["handoffs"] == 1
    assert before["unanswered_questions"] == 1
    others_before = stored_rows(assistant, other)

    question = assistant.say(patient, "please delete my data")
    assert "delete your data" in texts(question) and "can't be undone" in texts(question)
    assert [button["payload"] for button in question[-1]["buttons"]] == ["/affirm", "/deny"]
    done = texts(assistant.say(patient, "/affirm"))

    assert "deleted" in done
    assert stored_rows(assistant, patient) == NO_ROWS
    assert stored_rows(assistant, other) == others_before

    assert "Welcome back" in texts(assistant.say(other, "hi"))  # the other patient's report is followed up
    assert "Welcome back" not in texts(assistant.say(patient, "hi"))  # this one has none left
    tracker = assistant.tracker(patient)
    said = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert said == ["hi"]
    assert tracker["slots"]["triage_level"] is None and tracker["slots"]["weight_kg"] is None
    assert stored_rows(assistant, patient)["flare_reports"] == 0

    log = assistant.log.read_text(errors="replace")
    assert patient not in log and "metformin" not in log


def test_delete_my_data_mid_form_stops_the_questions_and_no_keeps_everything(assistant):
    sender = new_sender()
    assistant.say(sender, "can you check my flare")
    assistant.say(sender, "moderate")

    question = texts(assistant.say(sender, "delete my data"))

    assert "delete your data" in question
    assert not (assistant.tracker(sender)["active_loop"] or {}).get("name")  # the questions stopped
    kept = texts(assistant.say(sender, "no"))
    assert "haven't deleted anything" in kept
    assert stored_rows(assistant, sender)["events"] > 0
    assert assistant.tracker(sender)["slots"]["flare_extent"] == "moderate"


API_ROUTES = [
    ("GET", "/status"),
    ("GET", "/conversations/{sender}/tracker"),
    ("POST", "/conversations/{sender}/tracker/events"),
    ("POST", "/model/parse"),
    ("PUT", "/conversations/{sender}/tracker/events"),
]


@pytest.mark.parametrize("method, route", API_ROUTES)
def test_the_http_api_refuses_requests_without_the_right_token(assistant, method, route):
    url = assistant.rasa_url + route.format(sender=new_sender())
    body = {"text": "I weigh 70 kg"} if route == "/model/parse" else []
    for params in ({}, {"token": "wrong-token"}):
        response = requests.request(method, url, params=params, json=body, timeout=30)
        assert response.status_code in (401, 403), (method, route, params, response.status_code)


def test_the_http_api_answers_with_the_token(assistant):
    response = requests.get(f"{assistant.rasa_url}/status", params={"token": assistant.token}, timeout=30)
    assert response.status_code == 200


def listening_addresses(port: int) -> Set[str]:
    """Local addresses with a socket listening on ``port`` (Linux /proc/net/tcp and tcp6)."""
    found: Set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 as the kernel prints them


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux /proc/net/tcp")
def test_the_action_server_and_rasa_listen_on_loopback_only_by_default(assistant):
    action_port = int(assistant.action_url.rsplit(":", 1)[1])
    for port in (action_port, assistant.rasa_port):
        addresses = listening_addresses(port)
        assert addresses and addresses <= LOOPBACK, (port, addresses)
