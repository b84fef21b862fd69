"""The buttons under a knowledge answer: "Tell me more", "No, thanks", then its related questions.

A related question's button carries ``/ask_topic{"topic":"<key>"}``: Rasa reads
a payload starting with "/" as the intent and entities it names, so the tap
reaches that article's answer (``action_answer_faq``) on every channel — the
widget's quick replies, Messenger's postbacks and quick replies, Telegram's
callback data, Slack's button values, and a number typed on SMS
(``channels.numbered``) — with no classifier in between. Its title is the
related article's title; Messenger numbers titles longer than 20 characters
(``channels.messenger``).

The JSON is compact because Telegram refuses callback data over 64 bytes; a
(clinic) topic key too long for that is not offered rather than sent broken.
"""
from __future__ import annotations

import json
from typing import Dict, List, Sequence

from knowledge.related import Related

ASK_TOPIC = "ask_topic"
TOPIC_ENTITY = "topic"
PAYLOAD_LIMIT = 64  # bytes: Telegram's callback_data
MORE_BUTTONS = [
    {"title": "Tell me more", "payload": "/tell_more"},
    {"title": "No, thanks", "payload": "/deny"},
]


def ask_topic_payload(topic: str) -> str:
    return f"/{ASK_TOPIC}" + json.dumps({TOPIC_ENTITY: topic}, separators=(",", ":"))


def answer_buttons(related: Sequence[Related]) -> List[Dict[str, str]]:
    buttons = list(MORE_BUTTONS)
    for item in related:
        payload = ask_topic_payload(item.topic)
        if len(payload.encode("utf-8")) <= PAYLOAD_LIMIT:
            buttons.append({"title": item.title, "payload": payload})
    return buttons
