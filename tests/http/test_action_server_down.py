"""With the action server down, red-flag escalation still works (static responses)."""
import pytest

from tests.conftest import new_sender, start_assistant, stop_assistant, texts


@pytest.fixture(scope="module")
def rasa_without_actions(tmp_path_factory):
    running = start_assistant(tmp_path_factory.mktemp("no-actions"), {"FLARECARE_REGION": "UK"}, "--no-actions")
    yield running
    stop_assistant(running)


def test_emergency_reply_without_action_server_uses_the_regions_numbers(rasa_without_actions):
    reply = texts(rasa_without_actions.say(new_sender(), "I want to kill myself"))
    assert reply.startswith("⚠️")
    assert "Samaritans on 116 123" in reply and "999" in reply


def test_urgent_flag_interrupts_the_form_without_action_server(rasa_without_actions):
    sender = new_sender()
    rasa_without_actions.say(sender, "can you check my breakout")  # the form cannot ask: actions are down
    reply = texts(rasa_without_actions.say(sender, "I think I might be pregnant"))
    assert "URGENT" in reply and "stop taking isotretinoin" in reply
    slots = rasa_without_actions.tracker(sender)["slots"]
    assert slots["triage_level"] == "urgent" and slots["triage_reasons"] == ["pregnancy"]


def test_overdose_points_to_poison_control(rasa_without_actions):
    reply = texts(rasa_without_actions.say(new_sender(), "my little brother swallowed a whole strip of my accutane"))
    assert "overdose" in reply and "NHS 111" in reply


def test_delete_my_data_works_without_action_server(rasa_without_actions):
    from tests.http.test_privacy import stored_rows

    sender = new_sender()
    rasa_without_actions.say(sender, "hello")
    assert "delete your data" in texts(rasa_without_actions.say(sender, "please delete my data"))
    assert stored_rows(rasa_without_actions, sender)["events"] > 0
    assert "deleted" in texts(rasa_without_actions.say(sender, "yes"))
    assert stored_rows(rasa_without_actions, sender)["events"] == 0
