"""A bounded wait for the action server, and a clear reply when it does not answer.

Rasa 3.6 waits up to five minutes for every custom action
(``rasa.core.constants.DEFAULT_REQUEST_TIMEOUT``, hard-coded: endpoints.yml
cannot change it) while it holds the conversation's lock; then — or at once
when the action server is down — it logs the error, drops the action's events,
and the patient sees nothing. ``install()`` wraps ``RemoteAction.run``, the one
place every custom action call (form validation included) goes through — a
patch, because Rasa 3.6 has no setting for the wait and no hook on a failed
action (it is called by ``runtime.install()``):

* it waits at most ``FLARECARE_ACTION_TIMEOUT`` seconds (default 30: the
  patient hears what is going on within that, and a busy 2-core machine
  still answers normal actions well inside it);
* when the action server is slow, down or fails, the patient reads one short
  message (``bot.patient_messages.action_server_unavailable``: try again in a
  minute, contact the clinic, the region's emergency number) — once per
  message, however many actions failed;
* a form answer that could not be validated is not kept: the slots it would
  have filled are cleared, so nothing unvalidated is stored and the form asks
  the same question again once the action server answers.

Red-flag escalations are static responses played before any custom action, so
a slow or absent action server does not delay or silence them (over REST the
reply waits for the hand-off action's bounded attempt; socket.io gets it at once).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import settings
from bot.emergency_contacts import contacts_for
from bot.patient_messages import action_server_unavailable

logger = logging.getLogger(__name__)

UNAVAILABLE_MARK = "action_server_unavailable"  # in the message's metadata, to say it once per message


def timeout_seconds() -> float:
    """``FLARECARE_ACTION_TIMEOUT``; settings refuses a value that is not above 0, and the entry point checks it at start."""
    return settings.load().action_timeout


def install() -> None:
    """Wrap ``RemoteAction.run`` once per process."""
    if getattr(RemoteAction.run, "bounded", False):
        return
    rasa_run = RemoteAction.run

    async def bounded_run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: DialogueStateTracker,
                          domain: Any) -> List[Event]:
        try:
            return await asyncio.wait_for(rasa_run(self, output_channel, nlg, tracker, domain), timeout_seconds())
        except ActionExecutionRejection:
            raise  # the action server's own "no", which Rasa handles
        except Exception as error:  # timeout, connection refused, 5xx, unreadable reply
            logger.warning("custom action %s failed (%s); the patient is asked to try again",
                           self.name(), type(error).__name__)  # no message text: it may be health data
            return unavailable_events(self.name(), tracker)

    bounded_run.bounded = True  # type: ignore[attr-defined]
    RemoteAction.run = bounded_run  # type: ignore[method-assign]


def unavailable_events(action_name: str, tracker: DialogueStateTracker) -> List[Event]:
    events: List[Event] = []
    if not _said_since_last_message(tracker):
        events.append(BotUttered(action_server_unavailable(contacts_for()), metadata={UNAVAILABLE_MARK: True}))
    if action_name.startswith("validate_"):
        events += [SlotSet(slot, None) for slot in _unvalidated_slots(tracker)]
    return events


def _said_since_last_message(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get(UNAVAILABLE_MARK):
            return True
    return False


def _unvalidated_slots(tracker: DialogueStateTracker) -> List[str]:
    """The candidates a form handed its validation action: the slots set after the form's ActionExecuted."""
    slots: List[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted):
            break
        if isinstance(event, SlotSet):
            slots.append(event.key)
    return slots
