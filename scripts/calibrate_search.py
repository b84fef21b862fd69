"""Calibrate the knowledge search's fusion and its one threshold on the retrieval dev set.

    PYTHONPATH=. .venv/bin/python scripts/calibrate_search.py

Reads ONLY tests/data/retrieval_questions.yml (the dev set; never a held-out probe set),
loads knowledge/articles into a throwaway SQLite database, and runs the real search once per
question to get every article's BM25 score, coverage and semantic similarity. Then a grid over
LEXICAL_WEIGHT x LEXICAL_SCALE x COVERAGE_POWER x CONFIDENT_SCORE picks the setting that

    maximises top-1 accuracy on in-scope questions (first hit right AND confident)
    subject to declining >= 95% of out-of-scope questions (no confident hit),
    ties broken by fewer confident wrong answers, more declines, the milder coverage power
    (the simpler penalty), then the higher threshold (the safer side).

It prints the figures of the constants in knowledge/search.py and of the best setting; copy
the best into knowledge/search.py (and the figures into knowledge/README.md) when they differ.
"""
from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge import search as search_module  # noqa: E402
from knowledge.loader import load_articles  # noqa: E402
from knowledge.models import create_knowledge_tables  # noqa: E402
from storage.database import get_engine, session_scope  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "retrieval_questions.yml"
MIN_DECLINE_RATE = 0.95
WEIGHTS = np.round(np.arange(0.5, 0.951, 0.05), 2)
SCALES = (4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0)
POWERS = (1, 2, 3)
THRESHOLDS = np.round(np.arange(0.15, 0.70, 0.005), 3)


def dev_questions():
    """(question, topic or None for an out-of-scope one, split) for every question of the dev set."""
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    items = [(i["q"], i["topic"], i["split"]) for i in data["in_scope"]]
    return items + [(o["q"], None, o["split"]) for o in data["out_of_scope"]]


def search_every_article(questions):
    """For each question, the search's hit on every article, over a scratch copy of the articles."""
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/calibration.db"
        create_knowledge_tables(get_engine(url))
        with session_scope(url) as session:
            load_articles(session)
        with session_scope(url) as session:
            return [search_module.search(session, q, limit=10_000) for q in questions]


def signals():
    """(topics, labels, splits, bm25, coverage, semantic) for every dev question; arrays [n, topics]."""
    items = dev_questions()
    runs = search_every_article([q for q, _t, _s in items])
    topics = sorted({h.topic for hits in runs for h in hits})
    column = {t: j for j, t in enumerate(topics)}
    bm25, coverage, semantic = (np.zeros((len(items), len(topics))) for _ in range(3))
    for row, hits in enumerate(runs):
        for hit in hits:
            j = column[hit.topic]
            bm25[row, j], coverage[row, j], semantic[row, j] = hit.bm25, hit.coverage, hit.semantic
    return topics, [t for _q, t, _s in items], [s for _q, _t, s in items], bm25, coverage, semantic


def figures(topics, labels, mask, scores, threshold):
    """(right, in-scope, declined, out-of-scope, confidently wrong) among the rows in ``mask``."""
    labels = np.array([topics.index(t) if t is not None else -1 for t in labels])
    mask = np.asarray(mask)
    # Ties go to the alphabetically first topic, as in search(): argmax takes the first maximum.
    top, confident = scores.argmax(axis=1), scores.max(axis=1) >= threshold
    in_scope, out_of_scope = mask & (labels >= 0), mask & (labels < 0)
    right = int(np.sum(in_scope & confident & (top == labels)))
    wrong = int(np.sum(in_scope & confident & (top != labels)))
    declined = int(np.sum(out_of_scope & ~confident))
    return right, int(in_scope.sum()), declined, int(out_of_scope.sum()), wrong


def line(name, f):
    right, n_in, declined, n_out, wrong = f
    return (f"  {name:<10} top-1 {right}/{n_in} = {right / n_in:.1%}   declined {declined}/{n_out} = "
            f"{declined / n_out:.1%}   confidently wrong {wrong}/{n_in}")


def main() -> int:
    topics, labels, splits, bm25, coverage, semantic = signals()
    everything = [True] * len(labels)
    best_key, best = None, None
    for weight, scale, power in itertools.product(WEIGHTS, SCALES, POWERS):
        scores = np.round(search_module.combined_score(bm25, coverage, semantic, weight, scale, power), 4)
        for threshold in THRESHOLDS:
            right, n_in, declined, n_out, wrong = figures(topics, labels, everything, scores, threshold)
            if declined / n_out < MIN_DECLINE_RATE:
                continue
            key = (right, -wrong, declined, -power, threshold)
            if best_key is None or key > best_key:
                best_key, best = key, (float(weight), float(scale), power, float(threshold))
    current = (search_module.LEXICAL_WEIGHT, search_module.LEXICAL_SCALE, search_module.COVERAGE_POWER,
               search_module.CONFIDENT_SCORE)
    print(f"{len(labels)} questions, {len(topics)} articles; grid {len(WEIGHTS)} weights x {len(SCALES)} scales x "
          f"{len(POWERS)} powers x {len(THRESHOLDS)} thresholds; objective: top-1 with >= {MIN_DECLINE_RATE:.0%} declined")
    if best is None:
        print(f"no setting declines {MIN_DECLINE_RATE:.0%} of the out-of-scope questions")
        return 1
    for name, (weight, scale, power, threshold) in (("current", current), ("best", best)):
        print(f"{name}: LEXICAL_WEIGHT={weight} LEXICAL_SCALE={scale} COVERAGE_POWER={power} CONFIDENT_SCORE={threshold}")
        scores = np.round(search_module.combined_score(bm25, coverage, semantic, weight, scale, power), 4)
        for split in sorted(set(splits)) + ["all"]:
            mask = [split in ("all", s) for s in splits]
            print(line(split, figures(topics, labels, mask, scores, threshold)))
    print("the constants are the calibrated optimum" if np.allclose(best, current)
          else "update knowledge/search.py to the best setting (and knowledge/README.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
