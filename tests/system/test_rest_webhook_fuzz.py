"""Fuzz the REST webhook of the real running servers with hostile bodies.

Decision (README, "Faults and bad input"): a request the channel cannot use —
not a JSON object, no usable sender, a message that is not a string or is
over 10,000 characters, metadata that is not an object — gets
``400 {"error": "<what is wrong>"}``; anything else is a message and gets the
bot's reply. Never a 500, never a stack trace, and nothing stored is lost.
"""
from __future__ import annotations

import json
import re

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from tests.conftest import new_sender, texts
from tests.support.hostile import hostile_text, json_values
from tests.support.fuzz_profile import fuzz

STACK_TRACE = re.compile(r"Traceback|File \"[^\"]+\", line \d+|\b[A-Za-z]+(Error|Exception)\b|site-packages")
KEPT = "fuzz-kept-conversation"  # a conversation that exists before the fuzzing and must survive it
MILD_FLARE = ["my acne has got way worse since starting isotretinoin", "mild", "no", "no", "6 weeks",
              "about 2 weeks", "40mg", "70 kg"]

senders = st.one_of(
    st.builds(lambda: new_sender()),
    st.sampled_from([None, "", " ", 7, 7.5, True, [KEPT], {"id": KEPT}, "s" * 256, "😀", "<b>x</b>", "' OR 1=1 --"]),
    st.text(min_size=1, max_size=40).filter(lambda s: s != KEPT),
)
well_formed = st.fixed_dictionaries(
    {"sender": senders, "message": st.one_of(hostile_text, json_values)},
    optional={"metadata": json_values, "input_channel": json_values, "extra": json_values},
)
bodies = st.one_of(
    well_formed.map(lambda body: json.dumps(body).encode()),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=200),
    st.sampled_from([b"", b"{", b"\xff\xfe\xfa", b"null", b"[]", b'{"sender": "a", "message": "hi"' * 3,
                     json.dumps({"sender": "a", "message": "x" * 10_001}).encode()]),
)


def report_count(assistant, sender: str) -> int:
    engine = create_engine(f"sqlite:///{assistant.data_dir / 'flarecare.db'}")
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM flare_reports WHERE sender_id = :s"), {"s": sender}).scalar()


def post(assistant, body: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(f"{assistant.rasa_url}/webhooks/rest/webhook", data=body,
                         headers={"Content-Type": content_type}, timeout=120)


def assert_no_leak(response: requests.Response) -> None:
    assert response.status_code in (200, 400), response.status_code
    assert not STACK_TRACE.search(response.text), response.text[:500]
    body = response.json()
    if response.status_code == 400:
        assert set(body) == {"error"} and len(body["error"]) < 120
    else:
        assert isinstance(body, list) and all(isinstance(reply, dict) for reply in body)


@pytest.fixture(scope="module")
def kept_conversation(assistant):
    """A finished flare check, stored before the fuzzing starts."""
    for message in MILD_FLARE:
        assistant.say(KEPT, message)
    before = assistant.tracker(KEPT)
    assert before["slots"]["triage_level"] == "self_care" and report_count(assistant, KEPT) == 1
    return before


@fuzz(60)
@given(body=bodies)
def test_any_body_gets_a_reply_or_a_short_error(assistant, kept_conversation, body):
    assert_no_leak(post(assistant, body))


@fuzz(10)
@given(body=bodies, content_type=st.sampled_from(["text/plain", "application/x-www-form-urlencoded", "", "multipart/form-data"]))
def test_any_content_type(assistant, kept_conversation, body, content_type):
    assert_no_leak(post(assistant, body, content_type))


@pytest.mark.parametrize("body,problem", [
    (b"", "JSON object"), (b"[]", "JSON object"), (b"not json", "JSON object"), (b"\xff\xfe", "JSON object"),
    (b'{"message": "hi"}', "'sender'"), (b'{"sender": ["a"], "message": "hi"}', "'sender'"),
    (b'{"sender": "a"}', "'message'"), (b'{"sender": "a", "message": 5}', "'message'"),
    (b'{"sender": "a", "message": "hi", "metadata": "x"}', "'metadata'"),
    (json.dumps({"sender": "a", "message": "x" * 10_001}).encode(), "10,000"),
])
def test_malformed_requests_are_refused_with_what_is_wrong(assistant, body, problem):
    """Regression: these were 500s, a shared "default" conversation, or a silent [] (Rasa's own channel)."""
    response = post(assistant, body)
    assert response.status_code == 400 and problem in response.json()["error"]


def test_after_the_fuzzing_nothing_stored_is_lost_and_the_bot_still_answers(assistant, kept_conversation):
    after = assistant.tracker(KEPT)
    assert after["slots"] == kept_conversation["slots"]
    assert len(after["events"]) == len(kept_conversation["events"])
    assert report_count(assistant, KEPT) == 1
    reply = texts(assistant.say(new_sender(), "how common is it to break out on accutane?"))
    assert "15%" in reply and "Source" in reply
