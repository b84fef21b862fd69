"""Calibrate search-first routing (knowledge/routing.py) end to end on the retrieval dev set.

    PYTHONPATH=. .venv/bin/python scripts/calibrate_routing.py

Reads ONLY tests/data/retrieval_questions.yml (the dev set; never the held-out probe set). Every
question goes through the trained NLU (models/flarecare.tar.gz) and the real search over
knowledge/articles (every article's hit), then through what the patient would get:

* an FAQ intent: ``routed_topic`` with the intent's topic as evidence (a grid of INTENT_BONUS x
  MIN_INTENT_CONFIDENCE; bonus 0 is the search alone, bonus 1 the intent's article whenever the
  classifier passes the gate);
* an intent data/rules.yml sends to action_search_knowledge, or ``ask_topic`` without a topic
  (a typed question, searched): the search's confident top hit;
* any other intent (report_flare, request_human, greet ...): no article.

It picks the setting that maximises top-1 (the patient gets the labelled article) subject to
declining >= 95% of the out-of-scope questions, ties broken by fewer wrong articles, then the
smaller bonus and the higher confidence gate (the weaker use of the classifier). It prints that
setting next to the constants in knowledge/routing.py, the search alone, and the old rule (an FAQ
intent always gets its own article). The NLU was trained on data/nlu, not on this set, but 23 of
its 649 questions are near copies (>= 80% of words) of NLU examples; they are counted.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calibrate_search import dev_questions, search_every_article  # noqa: E402 (this folder)
from knowledge import routing  # noqa: E402
from knowledge.topics import topic_for_intent  # noqa: E402

RULES = ROOT / "data" / "rules.yml"
MODEL = ROOT / "models" / "flarecare.tar.gz"
MIN_DECLINE_RATE = 0.95
# 1.0: the intent always wins once the classifier passes the gate (the old rule, gated).
BONUSES = np.append(np.round(np.arange(0.0, 0.301, 0.01), 2), 1.0)
GATES = (0.0, 0.5, 0.65, 0.8, 0.9, 0.95, 0.99)
OLD_RULE = "old rule (FAQ intent -> its article)"


def searched_intents() -> frozenset:
    """Intents whose rule runs action_search_knowledge, plus ask_topic (typed, without a topic)."""
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    return frozenset(
        rule["steps"][0]["intent"] for rule in rules
        if len(rule["steps"]) >= 2 and "intent" in rule["steps"][0]
        and rule["steps"][1].get("action") == "action_search_knowledge"
    ) | {"ask_topic"}


def parses(texts):
    import structlog
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(str(MODEL))

    async def run():
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(run())


def answer(intent, confidence, hits, searched, bonus, gate):
    topic = topic_for_intent(intent)
    if topic is not None:
        if bonus is None:
            return topic
        return routing.routed_topic(hits, topic, confidence, bonus=bonus, min_confidence=gate)
    if intent in searched:
        return routing.routed_topic(hits)
    return None


def figures(items, runs, searched, bonus, gate):
    right = wrong = declined = n_in = n_out = 0
    for (_q, label, _split), (intent, confidence, hits) in zip(items, runs):
        got = answer(intent, confidence, hits, searched, bonus, gate)
        if label is None:
            n_out += 1
            declined += got is None
        else:
            n_in += 1
            right += got == label
            wrong += got is not None and got != label
    return right, n_in, declined, n_out, wrong


def line(name, f):
    right, n_in, declined, n_out, wrong = f
    return (f"  {name:<40} top-1 {right}/{n_in} = {right / n_in:.1%}   declined {declined}/{n_out} = "
            f"{declined / n_out:.1%}   wrong article {wrong}/{n_in}")


def main() -> int:
    items = dev_questions()
    parsed = parses([q for q, _t, _s in items])
    hits = search_every_article([q for q, _t, _s in items])
    runs = [((p.get("intent") or {}).get("name"), (p.get("intent") or {}).get("confidence") or 0.0, h)
            for p, h in zip(parsed, hits)]
    searched = searched_intents()
    best_key, best = None, None
    for bonus, gate in itertools.product(BONUSES, GATES):
        right, n_in, declined, n_out, wrong = figures(items, runs, searched, float(bonus), gate)
        if declined / n_out < MIN_DECLINE_RATE:
            continue
        key = (right, -wrong, -bonus, gate)
        if best_key is None or key > best_key:
            best_key, best = key, (float(bonus), gate)
    print(f"{len(items)} questions; grid {len(BONUSES)} bonuses x {len(GATES)} gates; "
          f"objective: top-1 with >= {MIN_DECLINE_RATE:.0%} declined")
    settings = [(OLD_RULE, (None, None)), ("search first, no intent bonus", (0.0, 1.0)),
                (f"current: bonus {routing.INTENT_BONUS}, gate {routing.MIN_INTENT_CONFIDENCE}",
                 (routing.INTENT_BONUS, routing.MIN_INTENT_CONFIDENCE))]
    if best is not None:
        settings.append((f"best: bonus {best[0]}, gate {best[1]}", best))
    for name, (bonus, gate) in settings:
        print(name)
        for split in sorted({s for _q, _t, s in items}) + ["all"]:
            chosen = [k for k, (_q, _t, s) in enumerate(items) if split in ("all", s)]
            print(line(split, figures([items[k] for k in chosen], [runs[k] for k in chosen], searched, bonus, gate)))
    print("per bonus (gate of the best), all splits:")
    for bonus in BONUSES:
        gate = best[1] if best else 0.0
        print(line(f"bonus {bonus:.2f}", figures(items, runs, searched, float(bonus), gate)))
    if best is not None:
        print(f"per gate (bonus {best[0]}), all splits:")
        for gate in GATES:
            print(line(f"gate {gate:.2f}", figures(items, runs, searched, best[0], gate)))
    elsewhere = Counter(intent for (_q, label, _s), (intent, _c, _h) in zip(items, runs)
                        if label is not None and topic_for_intent(intent) is None and intent not in searched)
    print(f"in-scope questions the NLU sends to no article (not routed): {sum(elsewhere.values())}, "
          + ", ".join(f"{intent} {n}" for intent, n in elsewhere.most_common()))
    if best is None:
        print(f"no setting declines {MIN_DECLINE_RATE:.0%} of the out-of-scope questions")
        return 1
    current = (routing.INTENT_BONUS, routing.MIN_INTENT_CONFIDENCE)
    print("the constants are the calibrated optimum" if np.allclose(best, current)
          else "update knowledge/routing.py to the best setting (and knowledge/README.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
