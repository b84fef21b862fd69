"""Fuzz the socket.io events of the real running servers (python-socketio 5.8 client, websocket).

Decision (README, "Faults and bad input"): a `session_request` with an
unusable session id gets a new session; a `user_uttered` event Rasa could
not use is not processed and its sender reads one `bot_uttered` line ("I
couldn't read that", or "say it in shorter sentences" for a message over
10,000 characters). Other clients are served throughout.
"""
from __future__ import annotations

import asyncio
import uuid
from typing import Any, Dict, List, Tuple

import aiohttp
import socketio
from hypothesis import given
from hypothesis import strategies as st

from channels.checked_socketio import TOO_LONG, UNREADABLE
from tests.support.hostile import hostile_text, json_values
from tests.support.fuzz_profile import fuzz
from tests.system.test_rest_webhook_fuzz import STACK_TRACE

WAIT = 60  # seconds for a reply on a loaded machine

# The pinned client (python-socketio 5.8.0 with python-engineio 4.15.1) opens its
# websocket with aiohttp.ClientWSTimeout, which aiohttp 3.10 added; Rasa pins
# aiohttp 3.9.5, whose ws_connect takes the same close timeout as a float. The
# server side does not use this; only the test client needs the bridge.
if not hasattr(aiohttp, "ClientWSTimeout"):
    aiohttp.ClientWSTimeout = lambda ws_close=10.0, **_: ws_close

session_ids = st.one_of(st.builds(lambda: uuid.uuid4().hex), json_values, st.sampled_from(["", " ", "s" * 300]))
message_events = st.fixed_dictionaries(
    {},
    optional={"message": st.one_of(hostile_text, json_values), "session_id": session_ids,
              "metadata": st.one_of(json_values, st.sampled_from(["{", "[1]", '{"a": 1}', "null"]))},
)
junk_events = st.lists(
    st.tuples(
        st.sampled_from(["user_uttered", "user_uttered", "session_request", "bot_uttered", "no_such_event"]),
        st.lists(st.one_of(message_events, json_values), max_size=2),
    ),
    min_size=1, max_size=6,
)


class Client:
    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: "asyncio.Queue[Dict[str, Any]]" = asyncio.Queue()
        self.sessions: "asyncio.Queue[Any]" = asyncio.Queue()
        self.sio.on("bot_uttered", self.replies.put_nowait)
        self.sio.on("session_confirm", self.sessions.put_nowait)

    async def connect(self, url: str) -> str:
        await self.sio.connect(url, transports=["websocket"], socketio_path="/socket.io")
        session_id = uuid.uuid4().hex
        await self.sio.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(self.sessions.get(), WAIT) == session_id
        return session_id

    async def greeted(self, session_id: str) -> bool:
        """Say hi; replies to earlier junk may still come first (each is checked for leaks)."""
        await self.sio.emit("user_uttered", {"message": "hi", "session_id": session_id})
        while True:
            reply = await asyncio.wait_for(self.replies.get(), WAIT)
            assert not STACK_TRACE.search(str(reply)), reply
            if "FlareCare" in reply.get("text", ""):
                return True


async def fuzz_round(url: str, events: List[Tuple[str, list]]) -> None:
    bystander, fuzzer = Client(), Client()
    bystander_session = await bystander.connect(url)
    fuzzer_session = await fuzzer.connect(url)
    try:
        for name, args in events:
            await fuzzer.sio.emit(name, tuple(args) if len(args) != 1 else args[0])
        assert await bystander.greeted(bystander_session)
        assert fuzzer.sio.connected and await fuzzer.greeted(fuzzer_session)  # the fuzzing client is still served
    finally:
        await bystander.sio.disconnect()
        await fuzzer.sio.disconnect()


@fuzz(15)
@given(events=junk_events)
def test_junk_events_never_stop_the_server_serving(assistant, events):
    asyncio.run(fuzz_round(assistant.rasa_url, events))


async def reply_to(url: str, data: Any) -> str:
    client = Client()
    await client.connect(url)
    try:
        await client.sio.emit("user_uttered", data)
        return (await asyncio.wait_for(client.replies.get(), WAIT)).get("text", "")
    finally:
        await client.sio.disconnect()


def test_malformed_messages_get_a_kind_line(assistant):
    """Regression: Rasa's handler raised on these and the sender heard nothing."""
    for data in ({"message": 5, "session_id": "abc"}, {"message": "hi", "session_id": ["a"]},
                 {"message": "hi", "session_id": "abc", "metadata": "{"}, ["hi"]):
        assert asyncio.run(reply_to(assistant.rasa_url, data)) == UNREADABLE


def test_a_huge_message_is_asked_for_in_shorter_form(assistant):
    assert asyncio.run(reply_to(assistant.rasa_url, {"message": "x" * 200_000, "session_id": "abc"})) == TOO_LONG


def test_a_junk_session_request_gets_a_new_session(assistant):
    async def run() -> Any:
        client = Client()
        await client.sio.connect(assistant.rasa_url, transports=["websocket"], socketio_path="/socket.io")
        try:
            await client.sio.emit("session_request", {"session_id": {"nested": ["junk"]}})
            return await asyncio.wait_for(client.sessions.get(), WAIT)
        finally:
            await client.sio.disconnect()

    session_id = asyncio.run(run())
    assert isinstance(session_id, str) and len(session_id) == 32
