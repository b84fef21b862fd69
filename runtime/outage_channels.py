"""The REST and socket.io channels, with a kind reply when PostgreSQL or Redis is down.

Without this, Rasa's REST channel logs the patient's text with a stack trace
and answers ``[]`` (the widget shows nothing); socket.io answers nothing at all.
Here the message is handled as usual, and when the conversation store or the
lock store fails (runtime/outages.py), the patient reads instead:

* for a red flag, the same static escalation reply as always (the domain's
  ``utter_red_flag_*``, rendered from this message alone: the NLU pipeline and
  the response templates need no database), then that the clinic could not be
  told;
* otherwise, that the message was not taken in and should be sent again
  (bot/outage_messages.py), with the emergency number.

Replies already produced for a message whose conversation could not be saved
are withdrawn where the channel still holds them (REST), so the patient is not
told one thing while the record says another. The outage is logged at WARNING
with the error's type only: no text, no sender id.

The channels are custom input channels (Rasa's extension point), keeping Rasa's
names and URLs (``/webhooks/rest/webhook``, ``/socket.io``); channels/config.py
puts them in the credentials file ``rasa run`` reads. The store's outage
reaches them only when ``runtime.install()`` has replaced Rasa's fail-safe
store (``python -m runtime run``); under plain ``rasa run`` Rasa starts a blank
conversation instead, and only a lock-store outage gets this reply.

Rendering the escalation by hand (parse, slot extraction, response) is the one
part here that reaches past the channel API: with the conversation store down,
Rasa's processor cannot run the message, and no hook renders a response without it.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from redis.exceptions import RedisError
from sanic import Blueprint, Sanic

from bot.contract import RED_FLAG_LEVEL
from bot.emergency_contacts import contacts_for
from bot.outage_messages import CLINIC_NOT_TOLD, not_taken_in
from channels.checked_rest import CheckedRestInput
from channels.checked_socketio import CheckedSocketIOInput
from runtime import outages

logger = logging.getLogger(__name__)

OUTAGES = (outages.ConversationStoreUnavailable, LockError, RedisError)

MessageHandler = Callable[[UserMessage], Awaitable[Any]]


class OutageGuard:
    """Wraps a channel's message handler; knows the agent once the server has started."""

    def __init__(self) -> None:
        self.agent: Optional[Any] = None

    def attach(self, blueprint: Blueprint) -> None:
        @blueprint.listener("after_server_start")
        async def remember_agent(app: Sanic, _loop: Any) -> None:
            self.agent = app.ctx.agent

    def wrap(self, on_new_message: MessageHandler) -> MessageHandler:
        async def handle(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except OUTAGES as error:
                logger.warning("message not processed: %s (%s)", _service(error), type(error).__name__)
                await self._reply_during_outage(message)

        return handle

    async def _reply_during_outage(self, message: UserMessage) -> None:
        channel = message.output_channel
        if isinstance(channel, CollectingOutputChannel):
            channel.messages.clear()  # not saved, so not said
        escalation = await self._escalation(message)
        for reply in escalation:
            await channel.send_response(message.sender_id, reply)
        text = CLINIC_NOT_TOLD if escalation else not_taken_in(contacts_for())
        await channel.send_text_message(message.sender_id, text)

    async def _escalation(self, message: UserMessage) -> List[Dict[Text, Any]]:
        """The static red-flag reply for this message alone, or [] when it carries none."""
        agent = self.agent
        if agent is None or agent.processor is None or not message.text:
            return []
        try:
            parse = await agent.parse_message(message.text)
            level = RED_FLAG_LEVEL.get((parse.get("intent") or {}).get("name"))
            if level is None:
                return []
            domain = agent.domain
            tracker = DialogueStateTracker(message.sender_id, domain.slots)
            tracker.update(UserUttered(message.text, parse["intent"], parse["entities"], parse), domain)
            channel_name = message.output_channel.name()
            slots = await ActionExtractSlots(None).run(message.output_channel, agent.processor.nlg, tracker, domain)
            tracker.update_with_events(slots, domain)
            reply = await agent.processor.nlg.generate(f"utter_red_flag_{level}", tracker, channel_name)
            return [reply] if reply else []
        except Exception as error:  # noqa: BLE001 - the outage reply below still names the emergency number
            logger.warning("no escalation reply during an outage (%s)", type(error).__name__)
            return []


def _service(error: Exception) -> str:
    return "conversation store unavailable" if isinstance(error, outages.ConversationStoreUnavailable) else (
        "lock store unavailable"
    )


class GuardedRestInput(CheckedRestInput):
    """Rasa's REST channel at /webhooks/rest/webhook: malformed requests refused, and the outage reply."""

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        guard = OutageGuard()
        blueprint = super().blueprint(guard.wrap(on_new_message))
        guard.attach(blueprint)
        return blueprint


class GuardedSocketIOInput(CheckedSocketIOInput):
    """Rasa's socket.io channel (the web widget): malformed events answered, and the outage reply."""

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        guard = OutageGuard()
        blueprint = super().blueprint(guard.wrap(on_new_message))
        guard.attach(blueprint)
        return blueprint
