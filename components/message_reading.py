"""The message's one reading (bot/reading.py), shared by the NLU components that apply rules.

The first component that asks (ShortAnswerClassifier, in config.yml's order)
computes it; it is stored on the Message under ``contract.READING_KEY`` with
``add_to_output``, so FlareCareExtractor reads the same one, and Rasa keeps it
in the parse data: ``UserUttered.parse_data`` keeps every key the NLU output
has (rasa/shared/core/events.py), the tracker store persists it with the event,
and ``tracker.latest_message[READING_KEY]`` holds it on the action server.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from bot.contract import READING_KEY
from bot.reading import Reading, read_message


def reading_of(message: Any) -> Reading:
    stored = message.get(READING_KEY)
    if stored is not None:
        return Reading.from_dict(stored)
    reading = read_message(message.get("text") or "", date.today())
    message.set(READING_KEY, reading.to_dict(), add_to_output=True)
    return reading
