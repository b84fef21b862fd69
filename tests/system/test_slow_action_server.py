"""A slow action server: a real delaying TCP proxy between Rasa and a real action server.

Rasa 3.6 alone would wait five minutes per custom action and then show the
patient nothing; runtime/action_timeout.py bounds the wait
(FLARECARE_ACTION_TIMEOUT, 5 s here) and says so kindly.
"""
from __future__ import annotations

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import free_port, new_sender, start_assistant, stop_assistant, texts
from tests.system.fault_tools import DelayingProxy, start_action_server, stop_action_server

SLOW = 60.0  # seconds the proxy holds each call: far beyond the 5 s bound
TAKING_LONGER = "taking longer than usual"


@pytest.fixture(scope="module")
def slow_setup(tmp_path_factory):
    assistant = start_assistant(tmp_path_factory.mktemp("slow-actions"), {"FLARECARE_ACTION_TIMEOUT": "5"},
                                "--no-actions")
    action_port = free_port()
    actions = start_action_server(assistant, action_port)
    proxy = DelayingProxy(int(assistant.action_url.rsplit(":", 1)[1]), action_port)  # where Rasa calls actions
    warm_up = new_sender()  # the action server's first calls open the database: not what is tested
    assistant.say(warm_up, "I want to kill myself")
    assistant.say(warm_up, "my acne has got way worse since starting isotretinoin")
    yield assistant, proxy
    proxy.close()
    stop_action_server(actions)
    stop_assistant(assistant)


def say(assistant, sender: str, message: str) -> str:
    # Well under SLOW: a reply that waited for the slow action server would fail here.
    response = requests.post(f"{assistant.rasa_url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=SLOW / 2)
    response.raise_for_status()
    return texts(response.json())


def reports(assistant, sender: str):
    engine = create_engine(f"sqlite:///{assistant.data_dir / 'flarecare.db'}")
    with engine.connect() as connection:
        return connection.execute(text("SELECT flare_extent, triage_level FROM flare_reports WHERE sender_id = :s"),
                                  {"s": sender}).all()


def test_slow_actions_get_one_clear_message_then_the_conversation_continues(slow_setup):
    assistant, proxy = slow_setup
    sender = new_sender()
    proxy.delay = SLOW
    opening = say(assistant, sender, "my acne has got way worse since starting isotretinoin")
    assert opening.count(TAKING_LONGER) == 1 and "911" in opening and "send your last message again" in opening
    answer = say(assistant, sender, "mild")  # validation cannot run: the answer is not kept unchecked
    assert answer.count(TAKING_LONGER) == 1
    assert assistant.tracker(sender)["slots"]["flare_extent"] is None

    proxy.delay = 0
    assert "bleeding" in say(assistant, sender, "mild")  # answered again, now checked: the next question
    for message in ["no", "no", "6 weeks", "about 2 weeks", "40mg"]:
        say(assistant, sender, message)
    final = say(assistant, sender, "70 kg")
    assert "15%" in final and TAKING_LONGER not in final
    assert reports(assistant, sender) == [("mild", "self_care")]


def test_a_red_flag_escalates_while_the_action_server_is_slow(slow_setup):
    assistant, proxy = slow_setup
    sender = new_sender()
    proxy.delay = SLOW
    try:
        reply = say(assistant, sender, "I want to kill myself")
    finally:
        proxy.delay = 0
    assert reply.startswith("⚠️") and "988" in reply
    assert assistant.tracker(sender)["slots"]["triage_level"] == "emergency"
