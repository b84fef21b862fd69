"""Rasa's REST channel, same URL and replies, with malformed requests refused.

A request Rasa cannot use gets ``400 {"error": "<what is wrong>"}`` instead of
a 500 or a silent empty reply; see ``channels/input_checks.py`` for the rules
and why.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.input_checks import message_problem, metadata_problem, sender_problem


def request_problem(request: Request) -> Optional[str]:
    """Why Rasa's REST handler could not use this request, or None."""
    try:
        body: Any = request.json
    except InvalidUsage:
        body = None
    if not isinstance(body, dict):
        return "the body must be a JSON object with 'sender' and 'message'"
    input_channel = body.get("input_channel")
    if input_channel is not None and not isinstance(input_channel, str):
        return "'input_channel' must be a string"
    return (
        sender_problem(body.get("sender"))
        or message_problem(body.get("message"))
        or metadata_problem(body.get("metadata"))
    )


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"  # the same /webhooks/rest/webhook as Rasa's channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def refuse_malformed(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            problem = request_problem(request)
            if problem is None:
                return None
            return response.json({"error": problem}, status=400)

        return webhook
