"""Encoder cost on this machine: load time, RSS added by loading, ms per sentence, batch throughput.

    taskset -c 0 .venv/bin/python scripts/encoder_benchmark.py      # one core, as in README figures
"""
from __future__ import annotations

import statistics
import time

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


def main() -> None:
    before = rss_mb()
    start = time.perf_counter()
    encoder.get_model()
    load_s = time.perf_counter() - start
    encoder.encode(QUESTIONS)  # warm-up: first-call allocations
    after = rss_mb()
    single = []
    for _ in range(10):
        for question in QUESTIONS:
            start = time.perf_counter()
            encoder.encode([question])
            single.append((time.perf_counter() - start) * 1000)
    batch = QUESTIONS * 32
    start = time.perf_counter()
    encoder.encode(batch)
    per_second = len(batch) / (time.perf_counter() - start)
    print(f"load {load_s:.2f} s; RSS {before:.0f} -> {after:.0f} MB (+{after - before:.0f} MB after load and one batch)")
    print(f"one sentence: median {statistics.median(single):.1f} ms, p90 {sorted(single)[int(len(single) * 0.9)]:.1f} ms")
    print(f"batch of {len(batch)}: {per_second:.0f} sentences/s")


if __name__ == "__main__":
    main()
