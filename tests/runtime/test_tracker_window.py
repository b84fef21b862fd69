"""The tracker store reads long conversations as recent turns plus the state before them.

Whatever the conversation, the windowed tracker must give Rasa what the whole
session gives: the same slots, the same active loop (name, rejection), the
same latest message and action, and the same dialogue states at the end of the
history — the policies' only input (TED looks back 5 states, Memoization 4,
the rules fewer). And saving a windowed tracker must store each new event
exactly once, in order. Conversations are generated (hypothesis) from the
project's own domain: slot values of each slot's type, forms started,
rejected, interrupted and ended, and the history-rewriting events that make
the store read the whole session instead.
"""
from __future__ import annotations

import asyncio
import itertools
import uuid
from pathlib import Path
from typing import List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.slots import BooleanSlot, CategoricalSlot, FloatSlot, ListSlot
from rasa.shared.core.trackers import DialogueStateTracker

from runtime.tracker_store import STORED_EVENTS, FlareCareTrackerStore
from runtime.tracker_window import RECENT_USER_TURNS

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
FORM = DOMAIN.form_names[0]
INTENTS = sorted(DOMAIN.intents)
UTTERANCES = sorted(name for name in DOMAIN.action_names_or_texts if name.startswith("utter_"))
# States compared at the end of the history: more than any policy looks back (TED 5, Memoization 4).
COMPARED_STATES = 6


def _slot_value(slot):
    if isinstance(slot, FloatSlot):
        return st.floats(min_value=0, max_value=200, allow_nan=False)
    if isinstance(slot, BooleanSlot):
        return st.booleans()
    if isinstance(slot, CategoricalSlot):
        return st.sampled_from([v for v in slot.values if v != "__other__"])
    if isinstance(slot, ListSlot):
        return st.lists(st.sampled_from(["fever", "blistering", "mood"]), max_size=3)
    return st.one_of(st.none(), st.text(max_size=8), st.integers(0, 5))


slot_set = st.sampled_from(DOMAIN.slots).flatmap(
    lambda slot: _slot_value(slot).map(lambda value: [SlotSet(slot.name, value)])
)


@st.composite
def turn(draw) -> List[Event]:
    """One patient message and what the assistant did with it."""
    intent = draw(st.sampled_from(INTENTS))
    events: List[Event] = [UserUttered(f"message {draw(st.integers(0, 99))}", {"name": intent, "confidence": 0.9})]
    for _ in range(draw(st.integers(1, 3))):
        events += draw(st.one_of(
            slot_set,
            st.sampled_from(UTTERANCES).map(lambda name: [ActionExecuted(name), BotUttered(name)]),
            st.just([ActionExecuted(FORM), ActiveLoop(FORM), SlotSet("requested_slot", "flare_extent")]),
            st.just([ActionExecutionRejected(FORM)]),
            st.just([ActionExecuted(FORM)]),
            st.just([ActionExecuted(FORM), ActiveLoop(None), SlotSet("requested_slot", None)]),
        ))
    return events + [ActionExecuted(ACTION_LISTEN_NAME)]


history_rewrite = st.sampled_from([
    [UserUtteranceReverted()], [ActionReverted()], [AllSlotsReset()], [Restarted(), ActionExecuted(ACTION_LISTEN_NAME)],
])
conversation = st.lists(st.one_of(turn(), turn(), turn(), turn(), history_rewrite), min_size=1, max_size=40)


def _session_start() -> List[Event]:
    return [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)]


def _with_timestamps(events: List[Event], start: float = 1_000_000.0) -> List[Event]:
    for offset, event in enumerate(events):
        event.timestamp = start + offset  # Rasa's session query compares timestamps
    return events


@pytest.fixture()
def store(tmp_path) -> FlareCareTrackerStore:
    return FlareCareTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))


def _save_whole(store: FlareCareTrackerStore, sender: str, events: List[Event]) -> None:
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, DOMAIN.slots)))


def _states(tracker: DialogueStateTracker) -> list:
    return tracker.past_states(DOMAIN)[-COMPARED_STATES:]


def _loop(tracker: DialogueStateTracker) -> tuple:
    # Not its trigger_message: stored, but read by neither Rasa 3.6 nor rasa_sdk (runtime/tracker_window.py).
    loop = tracker.active_loop
    return (loop.name, loop.is_interrupted, loop.rejected) if loop else None


def _assert_same_state(windowed: DialogueStateTracker, whole: DialogueStateTracker) -> None:
    assert windowed.current_slot_values() == whole.current_slot_values()
    assert _loop(windowed) == _loop(whole)
    assert windowed.latest_message == whole.latest_message
    assert windowed.latest_action == whole.latest_action
    assert windowed.is_paused() == whole.is_paused()
    assert _states(windowed) == _states(whole)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=conversation)
def test_windowed_tracker_has_the_state_of_the_whole_session(store, turns):
    sender = uuid.uuid4().hex  # the store outlives each generated example
    events = _with_timestamps(_session_start() + list(itertools.chain.from_iterable(turns)))
    _save_whole(store, sender, events)
    windowed = asyncio.run(store.retrieve(sender))
    whole = DialogueStateTracker.from_events(sender, events, DOMAIN.slots)
    _assert_same_state(windowed, whole)


def test_long_conversation_is_read_as_recent_turns(store):
    turns = [[UserUttered(f"question {i}", {"name": "ask_diet"}), ActionExecuted("utter_ask_diet"),
              BotUttered("answer"), ActionExecuted(ACTION_LISTEN_NAME)] for i in range(200)]
    early = [UserUttered("check my flare", {"name": "report_flare"}), ActionExecuted(FORM), ActiveLoop(FORM),
             SlotSet("weight_kg", 70.0), SlotSet("requested_slot", "flare_extent"), ActionExecuted(ACTION_LISTEN_NAME)]
    events = _with_timestamps(_session_start() + early + list(itertools.chain.from_iterable(turns)))
    _save_whole(store, "long", events)
    windowed = asyncio.run(store.retrieve("long"))
    users = [e for e in windowed.events if isinstance(e, UserUttered)]
    assert [u.text for u in users] == [f"question {i}" for i in range(200 - RECENT_USER_TURNS, 200)]
    assert len(windowed.events) < 60  # the state summary plus eight turns, not 800 events
    assert windowed.get_slot("weight_kg") == 70.0
    assert windowed.active_loop_name == FORM
    _assert_same_state(windowed, DialogueStateTracker.from_events("long", events, DOMAIN.slots))


def test_a_rewrite_before_the_window_reads_the_whole_session(store):
    turns = [[UserUttered(f"q{i}", {"name": "ask_diet"}), SlotSet("last_topic", f"t{i}"),
              ActionExecuted(ACTION_LISTEN_NAME)] for i in range(30)]
    events = _session_start() + turns[0] + [UserUtteranceReverted()] + list(itertools.chain.from_iterable(turns[1:]))
    _save_whole(store, "rewound", _with_timestamps(events))
    tracker = asyncio.run(store.retrieve("rewound"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == [f"q{i}" for i in range(30)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=conversation, after=st.lists(turn(), min_size=1, max_size=6))
def test_saving_a_windowed_tracker_stores_each_new_event_once(store, before, after):
    sender = uuid.uuid4().hex
    old = _with_timestamps(_session_start() + list(itertools.chain.from_iterable(before)))
    _save_whole(store, sender, old)
    for new_turn in after:  # one message at a time, as the processor does
        tracker = asyncio.run(store.retrieve(sender))
        for event in _with_timestamps(new_turn, start=2_000_000.0 + len(old)):
            tracker.update(event)
        asyncio.run(store.save(tracker))
        old += new_turn
        assert getattr(tracker, STORED_EVENTS) == len(tracker.events)
    stored = asyncio.run(store.retrieve_full_tracker(sender))
    assert [e.as_dict() for e in stored.events] == [e.as_dict() for e in old]


def test_the_embedded_database_writes_ahead_without_a_flush_per_message(store):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
