"""Encoder cost on this machine: load time, RSS added by loading, ms per sentence, batch throughput.

    taskset -c 0 .venv/bin/python scripts/encoder_benchmark.py      # one core, as in README figures
    .venv/bin/python scripts/encoder_benchmark.py --json '["text", ...]'  # per-message ms only, as JSON

``make benchmark`` runs the second form, pinned to one core with one BLAS thread.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Dict, Sequence

import encoder

QUESTIONS = [
    "is a breakout normal on accutane",
    "how long does the initial breakout last",
    "can I drink alcohol while taking isotretinoin",
    "my lips are really dry and cracked what can I put on them",
    "why do doctors start with a low dose",
    "hi",
    "I started roaccutane three weeks ago and my skin is much worse, with painful spots on my chin and cheeks",
    "what is the initial breakout",
]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def per_message_ms(texts: Sequence[str], rounds: int) -> Dict[str, float]:
    """Median and p95 milliseconds of ``encoder.encode([text])``, each text ``rounds`` times."""
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            encoder.encode([text])
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(len(times) * 0.95)], "n": len(times)}


def main() -> None:
    if sys.argv[1:2] == ["--json"]:
        texts = json.loads(sys.argv[2])
        encoder.encode(texts)  # loads the model
        print(json.dumps(per_message_ms(texts, rounds=20)))
        return
    before = rss_mb()
    start = time.perf_counter()
    encoder.get_model()
    load_s = time.perf_counter() - start
    encoder.encode(QUESTIONS)  # warm-up: first-call allocations
    after = rss_mb()
    single = per_message_ms(QUESTIONS, rounds=10)
    batch = QUESTIONS * 32
    start = time.perf_counter()
    encoder.encode(batch)
    per_second = len(batch) / (time.perf_counter() - start)
    print(f"load {load_s:.2f} s; RSS {before:.0f} -> {after:.0f} MB (+{after - before:.0f} MB after load and one batch)")
    print(f"one sentence: median {single['median']:.1f} ms, p95 {single['p95']:.1f} ms")
    print(f"batch of {len(batch)}: {per_second:.0f} sentences/s")


if __name__ == "__main__":
    main()
