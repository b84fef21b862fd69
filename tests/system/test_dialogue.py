"""The flare form's buttons over REST and socket.io, corrections and cancelling, against the real servers."""
from __future__ import annotations

import asyncio
from typing import Dict, List

import aiohttp
import pytest
import socketio

from tests.conftest import new_sender, texts

EXTENT_QUESTION = "How bad is the flare right now?"


def buttons(replies: List[Dict]) -> Dict[str, str]:
    """title -> payload of every button in a reply."""
    return {b["title"]: b["payload"] for reply in replies for b in reply.get("buttons") or []}


def test_tapping_the_buttons_over_rest_fills_the_slots(assistant):
    sender = new_sender()
    asked = assistant.say(sender, "can you check my flare")
    assert EXTENT_QUESTION in texts(asked)
    extent = buttons(asked)
    assert set(extent) == {"Mild — a few new spots", "Moderate — many inflamed spots",
                           "Severe — large painful lumps or cysts all over"}
    asked = assistant.say(sender, extent["Moderate — many inflamed spots"])
    assert "open, bleeding" in texts(asked)
    asked = assistant.say(sender, buttons(asked)["No"])
    assert "fever" in texts(asked)
    asked = assistant.say(sender, buttons(asked)["No"])
    assert "first isotretinoin dose" in texts(asked)
    slots = assistant.tracker(sender)["slots"]
    assert (slots["flare_extent"], slots["skin_breakdown"], slots["systemic_symptoms"]) == ("moderate", False, False)
    assert not slots["form_attempts"]  # no tap was taken for a bad answer


async def _socketio_conversation(url: str, session_id: str) -> List[Dict]:
    """Tap Severe, then Yes, over socket.io; returns every bot_uttered message received."""
    client = socketio.AsyncClient()
    received: List[Dict] = []
    new_message = asyncio.Event()
    confirmed = asyncio.Event()

    @client.on("session_confirm")
    async def on_confirm(_data):
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(data):
        received.append(data)
        new_message.set()

    async def say(message: str, wait_for: str) -> Dict:
        """Send a message; return the first reply with quick replies whose text contains ``wait_for``."""
        start = len(received)
        await client.emit("user_uttered", {"message": message, "session_id": session_id})
        while True:
            new_message.clear()
            for reply in received[start:]:
                if wait_for in (reply.get("text") or "") and reply.get("quick_replies"):
                    return reply
            await asyncio.wait_for(new_message.wait(), timeout=60)

    await client.connect(url, transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), timeout=30)
        extent = await say("I'd like my breakout checked", EXTENT_QUESTION)
        severe = next(q["payload"] for q in extent["quick_replies"] if q["title"].startswith("Severe"))
        open_spots = await say(severe, "open, bleeding")
        yes = next(q["payload"] for q in open_spots["quick_replies"] if q["title"] == "Yes")
        await say(yes, "fever")
    finally:
        await client.disconnect()
    return received


@pytest.fixture
def websocket_client_on_aiohttp_3_9(monkeypatch):
    """python-engineio 4.15's client builds aiohttp.ClientWSTimeout (aiohttp >= 3.10), but Rasa 3.6 pins
    aiohttp < 3.10, whose ws_connect takes the close timeout as a plain number: give it that number.
    Only the test's client needs this; the server side (Rasa's socket.io channel) is untouched."""
    if not hasattr(aiohttp, "ClientWSTimeout"):
        monkeypatch.setattr(aiohttp, "ClientWSTimeout", lambda ws_close=None, **_: ws_close, raising=False)


@pytest.mark.usefixtures("websocket_client_on_aiohttp_3_9")
def test_tapping_the_quick_replies_over_socketio_fills_the_slots(assistant):
    session_id = new_sender()
    received = asyncio.run(_socketio_conversation(assistant.rasa_url, session_id))
    assert all(set(q) == {"content_type", "title", "payload"} for r in received for q in r.get("quick_replies") or [])
    slots = assistant.tracker(session_id)["slots"]
    assert (slots["flare_extent"], slots["skin_breakdown"]) == ("severe", True)


def test_a_corrected_dose_is_confirmed_and_the_weight_asked_again(assistant):
    sender = new_sender()
    assistant.say(sender, "I'm 6 weeks in on 40mg and breaking out")
    for answer in ["mild", "no", "no", "2 weeks"]:
        assistant.say(sender, answer)
    reply = texts(assistant.say(sender, "actually it's 30mg not 40"))
    assert "changed your daily dose from 40 mg to 30 mg" in reply and "weight" in reply
    slots = assistant.tracker(sender)["slots"]
    assert slots["daily_dose_mg"] == 30.0 and slots["weight_kg"] is None
    final = texts(assistant.say(sender, "70kg"))
    assert "0.43 mg/kg/day" in final  # triaged on the corrected dose


@pytest.mark.parametrize("phrase", ["forget it", "cancel", "nah never mind"])
def test_cancel_phrasings_stop_the_check_and_keep_the_answers(assistant, phrase):
    sender = new_sender()
    assistant.say(sender, "check my flare please")
    assistant.say(sender, "severe")
    reply = texts(assistant.say(sender, phrase))
    assert "stopped the questions" in reply
    tracker = assistant.tracker(sender)
    assert not tracker["active_loop"].get("name") and tracker["slots"]["flare_extent"] == "severe"
