"""Buttons as numbered text options, and a numbered reply back to its button.

Pure functions shared by the channels that cannot show (some) buttons:
``channels.twilio_numbered`` (SMS / WhatsApp: no buttons at all) and
``channels.messenger`` (Messenger: buttons, but with limits our texts exceed).

Decision — where the number → button mapping lives: in the input channel,
reading the conversation's tracker (``offered_buttons``). The options a number
refers to are the buttons of the bot's latest turn (its messages after the
patient's last message), which the tracker store already keeps
(``BotUttered.data["buttons"]``). So:

* nothing extra is stored, and it works after a restart and across replicas
  sharing the tracker store (an in-memory map per process would not);
* the mapping applies only where numbers were shown: "1" typed in the web
  widget, where buttons are real buttons, is left alone, and the NLU model is
  unchanged (an NLU-level mapping would need a retrain and would see no
  tracker);
* a number with no options on offer, or out of range, is passed on as typed,
  so "20" still answers "how many mg a day?".
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional

from rasa.shared.core.events import BotUttered, Event, UserUttered

NUMBER_REPLY = re.compile(r"^\s*#?(\d{1,2})\s*[.)]?\s*$")
SHORT_TITLE = 20  # every title at most this long: the options fit on one line


def button_titles(buttons: List[Dict[str, Any]]) -> List[str]:
    return [str(button.get("title") or button.get("payload") or "") for button in buttons]


def numbered_options(text: str, buttons: List[Dict[str, Any]], hint: str = "") -> str:
    """The text followed by ``1. Yes  2. No`` (one option a line when any is long).

    Joined with single newlines: channels that split a message on blank lines
    keep the options with the text's last part.
    """
    titles = button_titles(buttons)
    if not titles:
        return text
    numbered = [f"{index}. {title}" for index, title in enumerate(titles, start=1)]
    options = "  ".join(numbered) if max(map(len, titles)) <= SHORT_TITLE else "\n".join(numbered)
    return "\n".join(part for part in (text.strip(), options, hint) if part)


def offered_buttons(events: Iterable[Event]) -> List[Dict[str, Any]]:
    """The buttons of the bot's latest turn (since the patient's last message)."""
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered):
            buttons = event.data.get("buttons") or event.data.get("quick_replies")
            if buttons:
                return list(buttons)
    return []


def selected_payload(text: Optional[str], buttons: List[Dict[str, Any]]) -> Optional[str]:
    """The payload a reply like "2" (or "2.", " 2 ", "#2") selects; None if it selects nothing."""
    match = NUMBER_REPLY.match(text or "")
    if not match or not buttons:
        return None
    index = int(match.group(1))
    if not 1 <= index <= len(buttons):
        return None
    payload = buttons[index - 1].get("payload") or buttons[index - 1].get("title")
    return str(payload) if payload else None
