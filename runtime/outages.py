"""How the Rasa server meets a PostgreSQL or Redis outage: short retries, then a clear error.

What Rasa 3.6 does by itself (read in ``rasa/core/agent.py``, ``tracker_store.py``,
``lock_store.py``):

* Every tracker store is wrapped in ``FailSafeTrackerStore``. When the database
  cannot be read it returns *no tracker*, so the processor starts a blank
  conversation; when it cannot be written it keeps the tracker in that
  replica's memory. While PostgreSQL is down, and on the first message after a
  restart (the pooled connections are stale), a patient mid-form is greeted as
  a stranger, and what they say never reaches the database.
* ``RedisLockStore`` raises ``LockError`` when Redis is down; a Redis error
  while *releasing* the lock, after the reply was computed and stored, fails
  the whole message, and the patient would be asked to repeat a message that
  was in fact taken in.

``ResilientTrackerStore`` takes the fail-safe store's place (``install``, a
patch: Rasa builds the fail-safe wrapper in ``Agent._create_tracker_store`` and
offers no setting or hook to choose another): a connection error is retried for
a few seconds (SQLAlchemy discards the stale pool on the first failure, so a
restart goes unnoticed); after that, or on any other error,
``ConversationStoreUnavailable`` is raised — nothing is invented and nothing is
kept in memory. ``ReleaseSafeRedisLockStore`` (a lock store named in the
endpoints file: Rasa's extension point) retries a dropped Redis connection once
and only logs a failed release (the ticket expires by itself).
``runtime/outage_channels.py`` turns both errors into a kind reply.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Iterable, Optional, Text, TypeVar

from rasa.core.agent import Agent
from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

logger = logging.getLogger(__name__)

# Seconds between attempts while the database refuses connections: about 6 s
# in all, longer than a PostgreSQL restart, short enough for a patient to wait.
RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 2.5)

T = TypeVar("T")


class ConversationStoreUnavailable(Exception):
    """The conversation could not be read or written; nothing of this message was stored."""


def _is_connection_error(error: Exception) -> bool:
    if isinstance(error, (OperationalError, InterfaceError, ConnectionError)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


class ResilientTrackerStore(TrackerStore):
    """Wraps the configured tracker store; never answers an outage with a blank conversation."""

    def __init__(self, tracker_store: TrackerStore, retry_delays: Iterable[float] = RETRY_DELAYS) -> None:
        self._tracker_store = tracker_store
        self._retry_delays = tuple(retry_delays)
        super().__init__(tracker_store.domain, tracker_store.event_broker)

    @property
    def domain(self) -> Domain:
        return self._tracker_store.domain

    @domain.setter
    def domain(self, domain: Optional[Domain]) -> None:
        self._tracker_store.domain = domain or Domain.empty()

    async def _with_retries(self, operation: Callable[[], Awaitable[T]]) -> T:
        for delay in (*self._retry_delays, None):
            try:
                return await operation()
            except Exception as error:  # noqa: BLE001 - every failure becomes one clear error
                if delay is None or not _is_connection_error(error):
                    raise ConversationStoreUnavailable(type(error).__name__) from error
                logger.warning("conversation store unreachable (%s); retrying in %.1fs", type(error).__name__, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the loop always returns or raises

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._with_retries(lambda: self._tracker_store.retrieve(sender_id))

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await self._with_retries(lambda: self._tracker_store.retrieve_full_tracker(conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Safe to repeat: Rasa's SQL store appends only the events it does not hold yet.
        await self._with_retries(lambda: self._tracker_store.save(tracker))

    async def keys(self) -> Iterable[Text]:
        return await self._with_retries(self._tracker_store.keys)


def install() -> None:
    """Have every agent wrap its tracker store in a ``ResilientTrackerStore`` instead of Rasa's fail-safe one."""
    if getattr(Agent._create_tracker_store, "resilient", False):
        return

    def create_tracker_store(store: Optional[TrackerStore], domain: Domain) -> TrackerStore:
        # Rasa's own method, with the one wrapper changed.
        if store is None:
            store = InMemoryTrackerStore(domain)
        else:
            store.domain = domain
        return ResilientTrackerStore(store)

    create_tracker_store.resilient = True  # type: ignore[attr-defined]
    Agent._create_tracker_store = staticmethod(create_tracker_store)  # type: ignore[method-assign]


class ReleaseSafeRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store, which survives a Redis restart and a failed release.

    Configured in endpoints.yml as ``type: runtime.outages.ReleaseSafeRedisLockStore``
    with the same keys as Rasa's ``redis`` lock store.
    """

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)
        # The first command after a Redis restart meets a dropped connection; one retry reconnects.
        self.red.connection_pool.connection_kwargs.update(
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.1), retries=1),
            retry_on_error=[RedisConnectionError, RedisTimeoutError],
        )

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        try:
            super().cleanup(conversation_id, ticket_number)
        except RedisError as error:
            # The reply is computed and stored: failing now would ask the patient to repeat it.
            logger.warning("could not release a conversation lock (%s); it expires by itself", type(error).__name__)
