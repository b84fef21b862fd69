"""Shares of a py-spy profile by part of the stack (Rasa components, stores, JSON, HTTP ...).

    python scripts/profile_summary.py DIR/rasa.txt [DIR/actions.txt ...]

Reads py-spy's collapsed stacks (``py-spy record --format raw``, as written by
``scripts/benchmark.py --profile DIR``). Each sample goes to the first part its
stack passes through, leaf first; the libraries that only carry work for others
(TensorFlow, the tracker's event replay, Rasa's glue, Sanic) count only when no
part is found. Samples of the idle event loop are left out (docs/profile.md).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from typing import List, Optional, Sequence, Tuple

Parts = Sequence[Tuple[str, str]]  # (label, regex over one frame "function (path:line)")
PARTS: Parts = [
    ("JSON (de)serialisation", r"[(/]json/|ujson|orjson|load_json"),
    ("logging / structlog", r"/logging/|structlog"),
    ("SQLite / SQLAlchemy", r"sqlalchemy|sqlite3"),
    ("spaCy", r"[(/](spacy|thinc|srsly)/"),
    ("lingua (language id)", r"lingua"),
    ("sentence encoder", r"[(/]encoder/|sentence_encoder_featurizer|knowledge/vectors|tokenizers|safetensors"),
    ("DIETClassifier", r"diet_classifier"),
    ("TEDPolicy", r"ted_policy"),
    ("RedFlagPolicy", r"red_flag_policy"),
    ("MemoizationPolicy / RulePolicy", r"policies/(memoization|rule_policy)"),
    ("policy ensemble / featurisation", r"rasa/core/(policies|featurizers)|single_state_featurizer"),
    ("sparse featurizers (CountVectors, LexicalSyntactic, Regex)",
     r"count_vectors_featurizer|lexical_syntactic|regex_featurizer|sklearn|scipy"),
    ("FlareCare rule components + bot/", r"components/(flarecare_extractor|short_answers|message_reading|get_started|rule_component)|[(/]bot/"),
    ("tracker store", r"tracker_store|tracker_window|rasa/core/lock"),
    ("action-server round trip (Rasa's client)", r"rasa/core/actions/action\.py|aiohttp|rasa/utils/endpoints"),
    ("rasa_sdk form validation", r"rasa_sdk/forms"),
    ("actions/ and rasa_sdk executor", r"rasa_sdk/executor|[(/]actions/"),
    ("knowledge/", r"[(/]knowledge/"),
]
CARRIERS: Parts = [
    ("tracker replay (events, states)", r"rasa/shared/core/(events|trackers|generator|domain)"),
    ("TensorFlow (other)", r"tensorflow|keras"),
    ("Rasa graph / processor / NLU glue", r"rasa/engine|rasa/core/processor|rasa/nlu|rasa/core/agent"),
    ("HTTP server (Sanic, asyncio)", r"sanic|asyncio|uvloop|httptools"),
]
IDLE_LEAF = "serve (sanic/server/runners.py"  # uvloop waiting in C: py-spy cannot tell it is idle


def part_of(frames_leaf_first: List[str]) -> Optional[str]:
    for parts in (PARTS, CARRIERS):
        for frame in frames_leaf_first:
            for label, pattern in parts:
                if re.search(pattern, frame):
                    return label
    return None


def summarise(path: str, top: int = 18) -> str:
    counts: Counter = Counter()
    busy = idle = 0
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")[::-1]
        if frames and frames[0].startswith(IDLE_LEAF):
            idle += int(count)
            continue
        busy += int(count)
        counts[part_of(frames) or "other: " + frames[0][:70]] += int(count)
    lines = [f"{path}: {busy} busy samples ({idle} idle event-loop samples left out)"]
    lines += [f"  {100 * n / busy:5.1f}%  {label}" for label, n in counts.most_common(top)]
    return "\n".join(lines)


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(summarise(argument))
