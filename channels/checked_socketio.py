"""Rasa's socket.io channel, same events, with malformed events answered kindly.

Rasa's handlers assume well-formed events: a session id that is a list, a
message that is a number, metadata that is not JSON or an event with no data
raise inside the server (logged with the event's content) and the sender hears
nothing. Here Rasa's own handlers still do the work, behind a check:

* ``session_request`` with an unusable ``session_id`` gets a new session, as
  when none is sent;
* a ``user_uttered`` event Rasa could not use is not processed; the sender
  gets one ``bot_uttered`` line saying so (socket.io has no status code), and
  a message over the length limit is asked for in shorter form.
"""
from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from channels.input_checks import MAX_MESSAGE_CHARS, message_problem, metadata_problem, sender_problem

UNREADABLE = "Sorry, I couldn't read that message. Could you type it again?"
TOO_LONG = (
    "That's a very long message for me. Could you say it in a few shorter sentences? "
    "If something feels urgent, contact your clinic or call your local emergency number."
)


def event_data(args: tuple) -> Any:
    """The one data argument of an event (clients may send none, or several)."""
    return args[0] if len(args) == 1 else None


def unusable_reply(data: Any, metadata_key: str, needs_session: bool) -> Optional[str]:
    """None when Rasa's handler can use this `user_uttered` data, else what to tell the sender."""
    if not isinstance(data, dict) or (needs_session and sender_problem(data.get("session_id"))):
        return UNREADABLE
    message = data.get("message", "")
    if isinstance(message, str) and len(message) > MAX_MESSAGE_CHARS:
        return TOO_LONG
    metadata = data.get(metadata_key)
    if isinstance(metadata, str):  # Rasa accepts metadata as a JSON string, too
        try:
            metadata = json.loads(metadata)
        except (ValueError, RecursionError):
            return UNREADABLE
    return UNREADABLE if message_problem(message) or metadata_problem(metadata) else None


class CheckedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        handlers = sio.handlers[self.namespace or "/"]
        rasa_session_request = handlers["session_request"]
        rasa_user_message = handlers[self.user_message_evt]

        async def session_request(sid: Text, *args: Any) -> None:
            data = event_data(args)
            session_id = data.get("session_id") if isinstance(data, dict) else None
            await rasa_session_request(sid, {"session_id": None if sender_problem(session_id) else session_id})

        async def user_message(sid: Text, *args: Any) -> None:
            data = event_data(args)
            reply = unusable_reply(data, self.metadata_key, self.session_persistence)
            if reply is None:
                await rasa_user_message(sid, data)
            else:
                await sio.emit(self.bot_message_evt, {"text": reply}, room=sid)

        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, user_message, namespace=self.namespace)
        return webhook
