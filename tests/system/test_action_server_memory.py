"""Issue 17: the action server answers typed questions without loading the sentence encoder.

The Rasa server's NLU encodes every typed message for DIET and puts the search's vector of it
into the parse data (knowledge/query_vector.py); the action server's search reads it from the
tracker. Measured from outside, over the real servers (scripts/serve.py): after several typed
questions the action server's resident memory has grown by far less than the encoder's weights,
which any load of the encoder would add at the least (they are read into memory whole).
"""
from __future__ import annotations

import pytest

from bot.contract import QUERY_VECTOR_KEY
from encoder.files import model_dir
from harness.memory import PeakRss, server_pids, tree_rss_mb
from tests.conftest import new_sender, start_assistant, stop_assistant, texts

QUESTIONS = [  # typed: each is searched (FAQ intents too, issue 13), two name a brand
    "how common is a flare?",
    "can i get my legs waxed while im on roaccutane",
    "i forgot to take my capsule last night, what now?",
    "do I have to fast before my bloods?",
    "is it safe to have a couple of beers on accutane",
]


def weights_mib() -> float:
    return sum(p.stat().st_size for p in model_dir().rglob("*") if p.is_file()) / 2**20


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    assistant = start_assistant(tmp_path_factory.mktemp("action_memory"))
    yield assistant
    stop_assistant(assistant)


def test_typed_questions_are_answered_without_the_encoder_in_the_action_server(running):
    pid = server_pids(running.process.pid)["actions"]
    idle = tree_rss_mb(pid)
    sender = new_sender()
    with PeakRss([pid], interval=0.05) as peak:
        replies = [texts(running.say(sender, question)) for question in QUESTIONS]
    assert all("Source: " in reply for reply in replies), replies  # each one answered from its article
    growth = peak.peak - idle
    print(f"\naction server RSS: idle {idle:.0f} MiB, peak {peak.peak:.0f} MiB over {len(QUESTIONS)} typed "
          f"questions (+{growth:.0f} MiB; the encoder's weights alone are {weights_mib():.0f} MiB)")
    assert growth < weights_mib() / 2

    typed = [e for e in running.tracker(sender)["events"] if e["event"] == "user"]
    assert len(typed) == len(QUESTIONS)
    assert all(QUERY_VECTOR_KEY in e["parse_data"] for e in typed)  # Rasa kept the NLU's vector with each
