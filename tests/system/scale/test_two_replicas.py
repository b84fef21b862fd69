"""50 concurrent conversations, each switching between two Rasa replicas on every message.

Two servers as production runs them (scripts/serve.py, each with its action
server) share one PostgreSQL database and Redis. Each conversation is an FAQ
question and the whole flare form; afterwards every tracker must hold exactly
what was said and answered, in order, and every flare report must be stored once.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Tuple

import pytest
import requests
from sqlalchemy import create_engine, text

from knowledge.loader import load_articles
from scripts.serve_production import create_rasa_tables
from storage.database import migrate, session_scope
from tests.conftest import Assistant, new_sender, start_assistant, stop_assistant
from tests.system.conversation_script import WHOLE_CONVERSATION

CONVERSATIONS = 50
PARAGRAPH = "\n\n"
REPLY_TIMEOUT = 300  # seconds: 2 shared cores, 50 patients at once


@pytest.fixture(scope="module")
def replicas(database_url, redis_url, tmp_path_factory):
    prepare_database(database_url)  # as serve_production.py does: once, so the replicas find it ready
    env = {"FLARECARE_DATABASE_URL": database_url, "FLARECARE_REDIS_URL": redis_url}
    folders = [tmp_path_factory.mktemp(name) for name in ("replica-a", "replica-b")]
    with ThreadPoolExecutor(max_workers=2) as pool:  # both start at once, as in production
        futures = [pool.submit(start_assistant, folder, env) for folder in folders]
    started = [future.result() for future in futures if future.exception() is None]
    try:
        if len(started) < 2:
            raise next(future.exception() for future in futures if future.exception() is not None)
        yield started
    finally:
        for replica in started:
            stop_assistant(replica)


def prepare_database(url: str) -> None:
    migrate(url)
    with session_scope(url) as session:
        load_articles(session)
    create_rasa_tables(url)


def say(replica: Assistant, sender: str, message: str) -> List[Dict]:
    response = requests.post(f"{replica.rasa_url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=REPLY_TIMEOUT)
    response.raise_for_status()
    return response.json()


def converse(replicas: List[Assistant], number: int) -> Tuple[str, List[List[Dict]]]:
    sender = new_sender()
    replies = []
    for turn, (message, _) in enumerate(WHOLE_CONVERSATION):
        replies.append(say(replicas[(number + turn) % 2], sender, message))
    return sender, replies


def turns_in_tracker(events: List[Dict]) -> List[Tuple[str, str]]:
    """(user text, what the bot said after it) for each user message, in stored order."""
    turns: List[Tuple[str, List[str]]] = []
    for event in events:
        if event["event"] == "user":
            turns.append((event["text"], []))
        elif event["event"] == "bot" and turns:
            turns[-1][1].append(event["text"])
    return [(said, PARAGRAPH.join(answers)) for said, answers in turns]


def read_by_patient(reply: List[Dict]) -> str:
    # Rasa's REST channel sends each paragraph of a bot message as a message of its own.
    return PARAGRAPH.join(message.get("text", "") for message in reply)


def test_fifty_conversations_alternating_replicas_are_complete_and_stored_once(replicas, database_url):
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        conversations = list(pool.map(lambda n: converse(replicas, n), range(CONVERSATIONS)))

    for sender, replies in conversations:
        for (message, expected), reply in zip(WHOLE_CONVERSATION, replies):
            assert expected in read_by_patient(reply), (sender, message, reply)
        events = replicas[0].tracker(sender)["events"]
        sent = [(message, read_by_patient(reply)) for (message, _), reply in zip(WHOLE_CONVERSATION, replies)]
        assert turns_in_tracker(events) == sent, sender  # every message, each followed by what the patient read
        serialised = [json.dumps(event, sort_keys=True) for event in events]
        assert len(set(serialised)) == len(serialised), sender  # no event stored twice
        assert replicas[1].tracker(sender)["events"] == events  # both replicas read the same conversation

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT sender_id, triage_level FROM flare_reports")).all()
    finally:
        engine.dispose()
    assert sorted(stored) == sorted((sender, "self_care") for sender, _ in conversations)
