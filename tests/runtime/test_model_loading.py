"""The trained model loaded the fast way (runtime/hot_paths.py) predicts exactly as Rasa's own loading.

Both load models/flarecare.tar.gz; DIET's intent ranking and TED's (and the
other policies') action scores must agree on every message and conversation
tried: NLU training examples of every intent, and the first turn of a
conversation after each.
"""
from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.tensorflow.models import RasaModel

from runtime import hot_paths

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "flarecare.tar.gz"

pytestmark = pytest.mark.skipif(not MODEL.exists(), reason="no trained model: run `make setup` first")


@pytest.fixture(scope="module")
def agents():
    hot_paths.install()
    fast = Agent.load(str(MODEL))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RasaModel, "load", hot_paths.RASA_MODEL_LOAD)
        rasa = Agent.load(str(MODEL))
    return fast, rasa


@pytest.fixture(scope="module")
def messages():
    examples = [m.get("text") for m in load_data(str(ROOT / "data" / "nlu")).intent_examples]
    return random.Random(7).sample(examples, 150) + ["", "?", "😀" * 40, "a" * 2000]


def _parse(agent: Agent, text: str) -> dict:
    return asyncio.run(agent.parse_message(text))


def test_the_loaders_are_different(agents):
    assert RasaModel.__dict__["load"] is not hot_paths.RASA_MODEL_LOAD


def test_intent_rankings_are_the_same(agents, messages):
    fast, rasa = agents
    for text in messages:
        ours, theirs = _parse(fast, text), _parse(rasa, text)
        assert [i["name"] for i in ours["intent_ranking"]] == [i["name"] for i in theirs["intent_ranking"]], text
        for a, b in zip(ours["intent_ranking"], theirs["intent_ranking"]):
            assert a["confidence"] == pytest.approx(b["confidence"], abs=1e-5), text


def test_next_action_scores_are_the_same(agents, messages):
    fast, rasa = agents
    for text in messages[:60]:
        parse = _parse(rasa, text)
        events = [ActionExecuted(ACTION_LISTEN_NAME), UserUttered(text, parse["intent"], parse["entities"], parse)]
        scores = []
        for agent in (fast, rasa):
            tracker = DialogueStateTracker.from_events("compare", events, agent.domain.slots)
            scores.append(agent.processor.predict_next_with_tracker(tracker)["scores"])
        ours, theirs = ({s["action"]: s["score"] for s in side} for side in scores)
        assert ours.keys() == theirs.keys()
        for action, score in theirs.items():
            assert ours[action] == pytest.approx(score, abs=1e-5), (text, action)
