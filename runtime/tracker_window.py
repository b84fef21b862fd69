"""Read only the recent part of a long conversation, with the state it had reached.

Rasa 3.6's ``SQLTrackerStore`` loads and replays every event of the session on
every message, and the policies then featurise the whole history: per-message
latency grew by about 270% between message 1 and message 200 of one
conversation (README, "Performance"). The policies only look back a few turns
(TED ``max_history`` 5, Memoization 4, the longest rule fewer), and the
actions only the last turns plus the slots; so once a session has more than
``RECENT_USER_TURNS`` patient messages, the store builds the tracker from:

1. the session's ``session_started`` event (its start, as Rasa's query finds it);
2. the *state* the conversation had reached before the window: the latest
   ``slot`` event of each slot, the latest ``active_loop`` event, and for a
   loop still active, its latest rejection and run after that (what Rasa's
   tracker keeps of a loop across turns);
3. every event from the ``action_listen`` before the ``RECENT_USER_TURNS``-th
   latest patient message onwards (one message more for each rewind or undo
   among them, so the window always holds that many turns).

Replaying that gives the same slots, active loop and recent history as the whole
session (all but the loop's ``trigger_message``, which Rasa 3.6 stores but
neither it nor rasa_sdk ever reads): tests/runtime/test_tracker_window.py checks slot values, loop state and
every policy prediction against the full tracker, and tests/system checks the
replies. Events that rewrite history — restarts, rewinds, undos, slot resets,
pauses — cannot be summarised by "the latest event of each kind"; when one
happened before the window, the whole session is loaded as before (Rasa's
default fallback rewinds, so this path stays exercised but rare).

Only ``retrieve`` is windowed; ``retrieve_full_tracker`` (the HTTP API's
``/conversations/<id>/tracker``, exports, the clinic) still reads everything.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

# Patient messages kept in full. Enough for every policy's history and for the
# actions' look-back (the previous form question, the clarified message).
RECENT_USER_TURNS = 8
# Event types whose effect is not "the latest one wins": before the window they force a full read.
HISTORY_REWRITING = ("restart", "rewind", "undo", "reset_slots", "pause", "resume")
UNDOING = ("rewind", "undo")


def recent_window(session: Session, event_table: Any, sender_id: str,
                  recent_user_turns: int = RECENT_USER_TURNS) -> Optional[List[Dict[str, Any]]]:
    """The events to replay for ``sender_id``'s latest session, or None when the whole session must be read.

    ``event_table`` is Rasa's ``SQLTrackerStore.SQLEvent`` model.
    """
    E = event_table
    session_start = session.execute(
        select(func.max(E.timestamp)).where(E.sender_id == sender_id, E.type_name == "session_started")
    ).scalar()
    # Rasa's own session boundary (SQLTrackerStore._event_query): by timestamp.
    in_session = [E.sender_id == sender_id]
    if session_start is not None:
        in_session.append(E.timestamp >= session_start)

    # A rewind or undo inside the window takes a turn out of it: widen the window by one for each.
    turns = recent_user_turns
    while True:
        first_recent_user = session.execute(
            select(E.id).where(*in_session, E.type_name == "user").order_by(E.id.desc()).offset(turns - 1).limit(1)
        ).scalar()
        if first_recent_user is None:
            return None  # a short session: read it whole
        undone = session.execute(
            select(func.count()).where(*in_session, E.id > first_recent_user, E.type_name.in_(UNDOING))
        ).scalar()
        if turns >= recent_user_turns + undone:
            break
        turns = recent_user_turns + undone
    window_start = session.execute(
        select(func.max(E.id)).where(*in_session, E.id < first_recent_user, E.action_name == "action_listen")
    ).scalar()
    if window_start is None:
        return None
    before_window = [*in_session, E.id < window_start]
    rewritten = session.execute(
        select(E.id).where(*before_window, E.type_name.in_(HISTORY_REWRITING)).limit(1)
    ).scalar()
    if rewritten is not None:
        return None

    summary_ids = _summary_ids(session, E, before_window)
    rows = session.execute(
        select(E.data).where(or_(E.id.in_(summary_ids), and_(*in_session, E.id >= window_start))).order_by(E.id)
    ).scalars()
    return [json.loads(data) for data in rows]


def _summary_ids(session: Session, E: Any, before_window: List[Any]) -> List[int]:
    def latest(*conditions: Any) -> Optional[int]:
        return session.execute(select(func.max(E.id)).where(*before_window, *conditions)).scalar()

    # The latest event of each slot, of the session start, and of each loop name, in one query.
    latest_of_each = session.execute(
        select(E.type_name, E.action_name, func.max(E.id))
        .where(*before_window, E.type_name.in_(("slot", "session_started", "active_loop")))
        .group_by(E.type_name, E.action_name)
    ).all()
    ids = [latest_id for kind, _, latest_id in latest_of_each if kind != "active_loop"]
    loops = [(latest_id, name) for kind, name, latest_id in latest_of_each if kind == "active_loop"]
    if not loops:
        return ids
    loop, loop_name = max(loops, key=lambda row: row[0])
    ids.append(loop)
    if loop_name:
        rejected = latest(E.id > loop, E.type_name == "action_execution_rejected", E.action_name == loop_name)
        if rejected is not None:
            ids.append(rejected)
            ran_again = latest(E.id > rejected, E.type_name == "action", E.action_name == loop_name)
            if ran_again is not None:
                ids.append(ran_again)
    return ids
