"""With the action server down, red-flag escalation still works (static responses),
the patient is told, and the conversation continues once it is back."""
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import new_sender, start_assistant, stop_assistant, texts
from tests.system.fault_tools import start_action_server, stop_action_server


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
    assert slots["triage_level"] == "urgent" and slots["red_flag_codes"] == ["pregnancy"]
    assert slots["triage_reasons"] is None  # only the actions, down here, set triage reasons


def test_overdose_points_to_poison_control(rasa_without_actions):
    reply = texts(rasa_without_actions.say(new_sender(), "my little brother swallowed a whole strip of my accutane"))
    assert "overdose" in reply and "NHS 111" in reply


def test_delete_my_data_works_without_action_server(rasa_without_actions):
    from tests.system.test_privacy import stored_rows

    sender = new_sender()
    rasa_without_actions.say(sender, "hello")
    assert "delete your data" in texts(rasa_without_actions.say(sender, "please delete my data"))
    assert stored_rows(rasa_without_actions, sender)["events"] > 0
    assert "deleted" in texts(rasa_without_actions.say(sender, "yes"))
    assert stored_rows(rasa_without_actions, sender)["events"] == 0


def test_spanish_emergency_reply_without_action_server_uses_the_regions_numbers(rasa_without_actions):
    reply = texts(rasa_without_actions.say(new_sender(), "quiero suicidarme"))
    assert reply.startswith("⚠️") and "Busca ayuda ahora mismo" in reply
    assert "Samaritans al 116 123" in reply and "999" in reply


def test_the_language_note_works_without_action_server(rasa_without_actions):
    reply = texts(rasa_without_actions.say(new_sender(), "你好"))
    assert "只能用英文交流" in reply and "999" in reply


def test_the_conversation_continues_once_the_action_server_is_back(rasa_without_actions):
    """Runs last: it starts the action server this module's other tests need down."""
    assistant, sender = rasa_without_actions, new_sender()
    assert "URGENT" in texts(assistant.say(sender, "I think I might be pregnant"))
    opening = texts(assistant.say(sender, "my acne has got way worse since starting isotretinoin"))
    assert opening.count("taking longer than usual") == 1 and "999" in opening  # UK's emergency number
    assert "taking longer than usual" in texts(assistant.say(sender, "mild"))
    assert assistant.tracker(sender)["slots"]["flare_extent"] is None  # not kept unchecked

    actions = start_action_server(assistant, int(assistant.action_url.rsplit(":", 1)[1]), {"FLARECARE_REGION": "UK"})
    try:
        assert "bleeding" in texts(assistant.say(sender, "mild"))  # the same answer again, now checked
        for answer in ["no", "no", "6 weeks", "about 2 weeks", "40mg"]:
            assistant.say(sender, answer)
        final = texts(assistant.say(sender, "70 kg"))
    finally:
        stop_action_server(actions)
    assert "URGENT" in final  # the pregnancy flag from while it was down still counts
    engine = create_engine(f"sqlite:///{assistant.data_dir / 'flarecare.db'}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT flare_extent, triage_level, triage_reasons FROM flare_reports "
                                       "WHERE sender_id = :s"), {"s": sender}).all()
    assert len(rows) == 1 and rows[0][:2] == ("mild", "urgent") and "pregnancy" in rows[0][2]
