"""Cross-validate the NLU pipeline and write a short report.

    .venv/bin/python scripts/nlu_report.py [--folds 5] [--out results/nlu] [--summary-only]

Runs `rasa test nlu --cross-validation` on data/nlu with config.yml (NLU only:
each fold trains the NLU pipeline on 4/5 of the examples and predicts the
held-out 1/5, so no figure comes from training data). The folds are stratified
by intent and seeded (numpy's global seed, which Rasa's StratifiedKFold uses),
so two runs on the same data split it the same way.

Rasa writes its reports into --out; this script adds SUMMARY.md there with the
two headline figures and prints them:

* intent macro-F1: the unweighted mean of the per-intent F1 scores. Rasa undoes
  a FallbackClassifier prediction before scoring (rasa/nlu/test.py,
  ``undo_fallback_prediction``), so ``nlu_fallback`` never appears: a
  low-confidence guess is scored as the intent it guessed.
* entity F1: Rasa's token-level score for FlareCareExtractor — every token of
  a test message gets the entity type of the annotated span covering it and of
  the predicted span covering it; F1 is averaged over entity types, weighted
  by their number of tokens, excluding ``no_entity``. Entity values are not
  compared. The red-flag entities carry an empty span (0, 0) and cover no token,
  so they are never counted.

--summary-only rewrites SUMMARY.md from the reports already in --out.
Exit code 1 when a target is missed (intent macro-F1 >= 0.95, entity F1 >= 0.95; issue 13).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "results" / "nlu"
EXTRACTOR_REPORT = "FlareCareExtractor_report.json"
SEED = 42
TARGETS = {"intent macro-F1": 0.95, "entity F1": 0.95}
AGGREGATES = {"accuracy", "macro avg", "weighted avg", "micro avg"}

# Seeds the folds, then runs Rasa's own CLI in this interpreter.
_RUN_RASA = (
    "import sys, numpy; numpy.random.seed(int(sys.argv[1])); "
    "from rasa.__main__ import main; sys.argv = ['rasa'] + sys.argv[2:]; main()"
)


def run_cross_validation(folds: int, out: Path) -> float:
    """Run Rasa's cross-validation; returns the wall-clock seconds it took."""
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-c", _RUN_RASA, str(SEED),
        "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
        "--cross-validation", "--folds", str(folds), "--out", str(out), "--successes", "--quiet",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.monotonic() - start


def _labels(report: Dict) -> Dict[str, Dict]:
    return {name: row for name, row in report.items() if name not in AGGREGATES and isinstance(row, dict)}


def fallback_table(out: Path, thresholds=(0.5, 0.6, 0.65, 0.7, 0.8)) -> List[Tuple[float, str, str]]:
    """How many held-out predictions fall under each threshold, among right and wrong ones.

    Uses the confidence of the top intent (Rasa records it before undoing the
    fallback); the ambiguity threshold is not modelled here.
    """
    def confidences(name: str) -> List[float]:  # Rasa writes no file when the list would be empty
        path = out / name
        rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        return [row["intent_prediction"]["confidence"] for row in rows]

    right, wrong = confidences("intent_successes.json"), confidences("intent_errors.json")
    rows = []
    for t in thresholds:
        low_right = sum(c < t for c in right)
        low_wrong = sum(c < t for c in wrong)
        rows.append((t, f"{low_right}/{len(right)} ({low_right / max(len(right), 1):.1%})",
                     f"{low_wrong}/{len(wrong)} ({low_wrong / max(len(wrong), 1):.1%})"))
    return rows


def summarise(out: Path, folds: int, seconds: float | None) -> Tuple[Dict[str, float], str]:
    intents = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    entities = json.loads((out / EXTRACTOR_REPORT).read_text(encoding="utf-8"))
    figures = {
        "intent macro-F1": intents["macro avg"]["f1-score"],
        "entity F1": entities["weighted avg"]["f1-score"],
    }
    intent_rows = _labels(intents)
    entity_rows = _labels(entities)
    confusions: Counter = Counter()
    for name, row in intent_rows.items():
        for other, count in row.get("confused_with", {}).items():
            confusions[(name, other)] += count

    lines: List[str] = [
        "# NLU cross-validation",
        "",
        f"`make report-nlu` ({folds}-fold, stratified by intent, seed {SEED}), "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
        + (f", {seconds / 60:.1f} min" if seconds else "")
        + f". {int(intents['macro avg']['support'])} examples, {len(intent_rows)} intents.",
        "Every figure is on held-out examples; method in README.md (\"Understanding: how it is measured\").",
        "",
        "| figure | value | target |",
        "|---|---|---|",
    ]
    for name, value in figures.items():
        mark = "met" if value >= TARGETS[name] else "**missed**"
        lines.append(f"| {name} | {value:.3f} | ≥ {TARGETS[name]:.2f} ({mark}) |")
    lines += [
        f"| intent accuracy | {intents['accuracy']:.3f} | |",
        f"| intent weighted F1 | {intents['weighted avg']['f1-score']:.3f} | |",
        f"| entity micro-F1 | {entities.get('micro avg', {}).get('f1-score', float('nan')):.3f} | |",
        "",
        "## Entities (FlareCareExtractor, token level)",
        "",
        "| entity | precision | recall | F1 | tokens |",
        "|---|---|---|---|---|",
    ]
    for name, row in sorted(entity_rows.items()):
        lines.append(f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1-score']:.3f} "
                     f"| {int(row['support'])} |")
    lines += ["", "## FallbackClassifier threshold (held-out predictions)", "",
              "| threshold | correct answers that would fall back | wrong answers caught |", "|---|---|---|"]
    for threshold, kept_right, caught_wrong in fallback_table(out):
        lines.append(f"| {threshold:.2f} | {kept_right} | {caught_wrong} |")
    lines += ["", "## Weakest intents", "", "| intent | F1 | examples |", "|---|---|---|"]
    for name, row in sorted(intent_rows.items(), key=lambda item: item[1]["f1-score"])[:8]:
        lines.append(f"| {name} | {row['f1-score']:.3f} | {int(row['support'])} |")
    lines += ["", "## Most frequent confusions (true → predicted)", ""]
    lines += [f"* {a} → {b}: {n}" for (a, b), n in confusions.most_common(10)] or ["* none"]
    lines += [
        "",
        "Files: `intent_confusion_matrix.png`, `intent_report.json`, "
        f"`{EXTRACTOR_REPORT}` (the other files Rasa writes here are not committed).",
        "",
    ]
    return figures, "\n".join(lines)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--summary-only", action="store_true", help="only rewrite SUMMARY.md from --out")
    args = parser.parse_args(argv)
    seconds = None if args.summary_only else run_cross_validation(args.folds, args.out)
    figures, summary = summarise(args.out, args.folds, seconds)
    (args.out / "SUMMARY.md").write_text(summary, encoding="utf-8")
    print(summary)
    missed = [name for name, value in figures.items() if value < TARGETS[name]]
    if missed:
        print(f"target missed: {', '.join(missed)}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
