"""Redis (the lock store) killed mid-conversation, on a private redis-server (never the shared one).

Rasa alone answers ``[]`` (REST) while Redis is down and logs the patient's
message with a stack trace; after a Redis restart its first message fails too.
"""
from __future__ import annotations

import shutil

import pytest
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from runtime.outages import ReleaseSafeRedisLockStore
from tests.conftest import new_sender, start_assistant, stop_assistant, texts
from tests.system.conversation_script import FLARE_FORM
from tests.system.services import PrivateRedis

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")

RED_FLAG = "I want to kill myself"


@pytest.fixture(scope="module")
def redis_server():
    server = PrivateRedis()
    yield server
    server.kill()


@pytest.fixture(scope="module")
def assistant(redis_server, tmp_path_factory):
    running = start_assistant(tmp_path_factory.mktemp("redis-outage"), {"FLARECARE_REDIS_URL": redis_server.url})
    yield running
    stop_assistant(running)


def say_steps(assistant, sender, steps):
    for message, expected in steps:
        reply = texts(assistant.say(sender, message))
        assert expected in reply, (message, reply)


def test_redis_down_gets_a_kind_reply_red_flags_escalate_and_the_form_resumes(assistant, redis_server):
    sender = new_sender()
    say_steps(assistant, sender, FLARE_FORM[:3])
    redis_server.kill()
    try:
        reply = texts(assistant.say(sender, FLARE_FORM[3][0]))
        assert "couldn't take in your last message" in reply and "send it again" in reply
        escalation = texts(assistant.say(sender, RED_FLAG))
        assert escalation.startswith("⚠️ I'm really glad you told me") and "988" in escalation
        assert "couldn't pass this on to your clinic's team" in escalation
    finally:
        redis_server.start()  # same port, empty: the first command meets a dropped connection
    say_steps(assistant, sender, FLARE_FORM[3:])
    events = assistant.tracker(sender)["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == [message for message, _ in FLARE_FORM]
    log = assistant.log.read_text(errors="replace")
    assert "lock store unavailable" in log and RED_FLAG not in log


def test_a_lock_released_after_redis_died_does_not_fail_the_message(redis_server):
    store = ReleaseSafeRedisLockStore(EndpointConfig(url="127.0.0.1", port=redis_server.port, db=0,
                                                     key_prefix="faulttest"))
    ticket = store.issue_ticket("conversation-1")
    redis_server.kill()
    try:
        store.cleanup("conversation-1", ticket)  # Rasa's RedisLockStore raises ConnectionError here
        with pytest.raises(LockError):
            store.issue_ticket("conversation-2")  # a new message is refused, clearly
    finally:
        redis_server.start()
    assert store.issue_ticket("conversation-3") == 0  # and accepted again once Redis is back
