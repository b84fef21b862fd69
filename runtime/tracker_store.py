"""Rasa's SQL tracker store, reading only recent turns, plus the chat's "delete my data".

A long conversation is read as its recent turns plus the state reached before
them (``runtime/tracker_window.py``), so a message costs the same at turn 200
as at turn 10. Saving therefore cannot use Rasa's "skip as many events as the
database holds" rule: the store notes on each tracker it builds or saves how
many of its events are already stored, and appends only the rest. (Rasa's
processor saves the very tracker object it retrieved, under the conversation
lock, so the note is always that of the database.)

Rasa 3.6 has no route to delete a conversation, and ``SQLTrackerStore.save``
writes the turn's in-memory tracker back at the end of every turn, so rows
deleted during the turn (by an action) would come straight back. The deletion
therefore happens here, at the save of the turn in which the patient confirmed
it: instead of storing that tracker, every row of the sender is deleted from
every store (``storage.erasure.delete_patient``). The next message starts a
fresh conversation.

A custom tracker store is Rasa's supported extension point: it is configured in
the committed ``endpoints.yml`` (``tracker_store: type:
runtime.tracker_store.FlareCareTrackerStore``) and in the ``var/endpoints.yml``
scripts/serve.py writes, and Rasa builds it from there (with the endpoint file's
keys as keyword arguments). So plain ``rasa run``, ``make run`` and production
all get deletion and the recent-turns window, with or without
``runtime.install()``; what plain ``rasa run`` lacks is listed in the README's
"Architecture". Where the conversations
live is decided once, by ``connection_settings``, from the same variables as the
project's own tables: an SQLite file in ``FLARECARE_DATA_DIR`` (default ``var/``),
or ``FLARECARE_DATABASE_URL``. Settings written in the endpoint file (``dialect``,
``url``, ``db``, ``username``, ``password``: Rasa's ``SQL`` store keys) win, for a
deployment that wants them there; Rasa expands ``${VAR}`` in that file, so the
password can stay in the environment (README, "Production").

The store overrides a private method of Rasa's (``_additional_events``), so it
refuses any Rasa but the pinned one (``runtime.versions``), as ``runtime.install()`` does.
"""
from __future__ import annotations

import itertools
import logging
from typing import Any, Dict, Iterable, Iterator, List, Optional, Text
from urllib.parse import urlsplit

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

import settings
from bot.contract import DATA_DELETED_ACTION
from runtime import installed
from runtime.tracker_window import recent_window
from runtime.versions import require_pinned_rasa
from storage.database import data_dir, sqlite_engine
from storage.erasure import delete_patient, describe

logger = logging.getLogger(__name__)

# The conversation contract of the deletion (domain.yml, data/rules.yml).
ASK_ACTION = "utter_ask_delete_my_data"
CONFIRM_INTENT = "affirm"
# On a tracker this store built or saved: how many of its events the database already holds.
STORED_EVENTS = "flarecare_stored_events"


class DataDeletionFailed(Exception):
    """Raised instead of the database error, whose text would carry the sender id into the logs."""


def deletion_confirmed(events: Iterable[Event]) -> bool:
    """True when the latest turn answered a "yes" to the deletion question with ``utter_data_deleted``.

    All three are checked, not just the final response, so no misprediction can
    delete a conversation the patient did not ask to delete.
    """
    history: List[Event] = list(events)
    user_index = next(
        (i for i in range(len(history) - 1, -1, -1) if isinstance(history[i], UserUttered)), None
    )
    if user_index is None:
        return False
    turn = history[user_index + 1:]
    if not any(isinstance(event, ActionExecuted) and event.action_name == DATA_DELETED_ACTION for event in turn):
        return False
    if (history[user_index].intent or {}).get("name") != CONFIRM_INTENT:
        return False
    previous_action = next(
        (
            event.action_name
            for event in reversed(history[:user_index])
            if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME
        ),
        None,
    )
    return previous_action == ASK_ACTION


def connection_settings() -> Dict[str, Any]:
    """``SQLTrackerStore`` keyword arguments for the conversations' database, from the environment."""
    url = settings.load().database_url
    if not url:
        return {"dialect": "sqlite", "db": str(data_dir() / "tracker.db")}
    parts = urlsplit(url)
    return {
        "dialect": parts.scheme.split("+")[0],
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "db": parts.path.lstrip("/"),
        "username": parts.username or "",
        "password": parts.password or "",
        # An unreachable host fails in seconds, not after the TCP timeout that would stall the replica.
        "query": {"connect_timeout": "5"},
    }


class FlareCareTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` over recent turns, whose ``save`` erases the patient when they confirmed "delete my data".

    On SQLite (the embedded default) the database runs in write-ahead-log mode
    with ``synchronous=NORMAL``: Rasa's store writes synchronously inside the
    server's event loop, and the default journal's flush to disk on every
    commit held up every other conversation (a sixth of the server's time at 20
    concurrent patients). A stopped or killed server loses nothing; a power cut
    can lose the last messages, never the database's consistency. PostgreSQL,
    for production, is left to its own settings.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        require_pinned_rasa()
        if not installed():
            logger.warning("Started without FlareCare's runtime (plain `rasa run`?): deletion and the recent-turns "
                           "window work, but not the bounded wait for actions or the outage replies. "
                           "Serve with `python -m runtime run` (README, \"Architecture\").")
        configured = {key: value for key, value in kwargs.items() if value is not None}
        if "db" not in configured and "dialect" not in configured:
            kwargs = {**kwargs, **connection_settings()}
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":  # Rasa's engine has no pool for a file: one with a pool
            url = self.engine.url
            self.engine.dispose()
            self.engine = sqlite_engine(url, "journal_mode=WAL", "synchronous=NORMAL", future=False)
            self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        window = None
        if self.domain:
            with self.session_scope() as session:
                window = recent_window(session, self.SQLEvent, sender_id)
        if window is None:
            tracker = await super().retrieve(sender_id)
        else:
            tracker = DialogueStateTracker.from_dict(sender_id, window, self.domain.slots)
        if tracker is not None:
            setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        if deletion_confirmed(tracker.events):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)
        setattr(tracker, STORED_EVENTS, len(tracker.events))

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator[Event]:
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None:  # not built by this store: Rasa's rule is right for a whole tracker
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, None)

    def erase(self, sender_id: str) -> None:
        try:
            counts = delete_patient(sender_id, self.engine)
        except SQLAlchemyError as error:
            raise DataDeletionFailed(f"a patient's data could not be deleted ({type(error).__name__})") from None
        logger.info("Deleted a patient's data at their request: %s.", describe(counts))
