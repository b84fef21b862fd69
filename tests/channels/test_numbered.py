"""Numbered options and numbered replies (channels.numbered), without a server."""
import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from channels.numbered import numbered_options, offered_buttons, selected_payload

YES_NO = [{"title": "Yes", "payload": "yes"}, {"title": "No", "payload": "no"}]
LONG = [{"title": "Mild — a few new spots", "payload": "mild"},
        {"title": "Severe — large painful lumps or cysts all over", "payload": "severe"}]


def test_short_options_on_one_line():
    assert numbered_options("Any fever?", YES_NO) == "Any fever?\n1. Yes  2. No"
    assert numbered_options("Any fever?", YES_NO, "(Reply with a number.)") == "Any fever?\n1. Yes  2. No\n(Reply with a number.)"


def test_long_options_one_a_line_and_never_after_a_blank_line():
    text = numbered_options("First part.\n\nHow bad is it?  ", LONG)
    assert text == "First part.\n\nHow bad is it?\n1. Mild — a few new spots\n2. Severe — large painful lumps or cysts all over"
    assert text.split("\n\n")[-1].startswith("How bad is it?")  # options stay with the last part


def test_no_buttons_no_change():
    assert numbered_options("Hello", []) == "Hello"


@pytest.mark.parametrize("reply, payload", [
    ("1", "yes"), ("2", "no"), (" 2 ", "no"), ("2.", "no"), ("2)", "no"), ("#1", "yes"),
    ("3", None), ("0", None), ("12", None), ("1 week", None), ("yes", None), ("", None), (None, None),
    ("١", "yes"),  # Arabic-Indic digit one: a phone keyboard's "1" too
])
def test_selected_payload(reply, payload):
    assert selected_payload(reply, YES_NO) == payload


def test_a_number_selects_nothing_without_options():
    assert selected_payload("1", []) is None


def test_offered_buttons_are_those_of_the_bots_latest_turn():
    asked = [UserUttered("check my flare"), ActionExecuted("utter_flare_intro"), BotUttered("I'm sorry"),
             ActionExecuted("action_ask_skin_breakdown"), BotUttered("Open spots?", {"buttons": YES_NO}),
             ActionExecuted("action_listen")]
    assert offered_buttons(asked) == YES_NO
    # A later message without buttons in the same turn does not withdraw them.
    assert offered_buttons(asked + [BotUttered("Take your time.")]) == YES_NO
    # Once the patient has answered, the old options are gone.
    answered = asked + [UserUttered("no"), SlotSet("skin_breakdown", False),
                        BotUttered("How long ago did you start?"), ActionExecuted("action_listen")]
    assert offered_buttons(answered) == []
    assert offered_buttons([]) == []


def test_quick_replies_count_as_options():
    assert offered_buttons([BotUttered("Pick", {"quick_replies": YES_NO})]) == YES_NO
