"""Chinese and Spanish red flags: recall, false escalations and the added latency per message.

    .venv/bin/python scripts/measure_multilingual_red_flags.py

Counts are over tests/data/red_flags_{zh,es}.yml (every case, held-out ones
included). Latency is what bot/red_flag_scan.py adds to the English detector:
language identification plus the lexicons, timed per message over every case
and over the English NLU examples (data/nlu), median of 3 rounds.

Output on 2026-12-03, with the Medication Guide's eight new codes (2 shared cores, other agents beside it):
    zh: emergency+urgent recall 205/205 = 100.0%; false escalations 0/189 = 0.0%
        (negated 0/36, past 0/9, third party 0/11, questions 0/11, benign 0/82, held out 0/40)
    es: emergency+urgent recall 201/201 = 100.0%; false escalations 0/182 = 0.0%
        (negated 0/32, past 0/8, third party 0/10, questions 0/10, benign 0/82, held out 0/40)
    added latency over 2954 messages: median 0.222 ms, p95 1.658 ms, max 8.455 ms
The lexicons were written on these cases; the held-out ones, run once unseen before
their fixes, found zh 26/30 flags (1/30 false) and es 24/30 (0/30 false); the eight new
codes' own held-out batch found zh 13/16 (0/10 false) and es 15/16 (0/10 false).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import language, red_flag_lexicon  # noqa: E402
from bot.red_flag_scan import detect, warm_up  # noqa: E402


def counts(lang: str) -> None:
    data = yaml.safe_load((ROOT / "tests" / "data" / f"red_flags_{lang}.yml").read_text(encoding="utf-8"))
    flags = [(code, text) for code, texts in data["flags"].items() for text in texts] + \
        [tuple(case) for case in data["held_out"]["flags"]]
    found = sum(code in detect(text).codes for code, text in flags)
    print(f"{lang}: emergency+urgent recall {found}/{len(flags)} = {found / len(flags):.1%}")
    quiet = {kind: texts for kind, texts in data["not_flags"].items()}
    quiet["held_out"] = data["held_out"]["quiet"]
    total = false = 0
    for kind, texts in quiet.items():
        flagged = sum(bool(detect(text).flags) for text in texts)
        total, false = total + len(texts), false + flagged
        print(f"    {kind}: {flagged}/{len(texts)} escalated")
    print(f"    false escalations {false}/{total} = {false / total:.1%}")


def english_examples() -> List[str]:
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            texts += [line.strip()[2:] for line in str(item.get("examples", "")).splitlines()
                      if line.strip().startswith("- ")]
    return texts


def added_cost_ms(text: str) -> float:
    """What bot/red_flag_scan.py does beyond the English detector, for one message."""
    start = time.perf_counter()
    guess = language.identify(text)
    if guess.has_chinese:
        red_flag_lexicon.scan(text, "zh")
    if guess.has_latin:
        red_flag_lexicon.scan(text, "es")
    return (time.perf_counter() - start) * 1000


def latency() -> None:
    messages = english_examples()
    for lang in ("zh", "es"):
        data = yaml.safe_load((ROOT / "tests" / "data" / f"red_flags_{lang}.yml").read_text(encoding="utf-8"))
        messages += [t for texts in data["flags"].values() for t in texts]
        messages += [t for texts in data["not_flags"].values() for t in texts]
    timings = [added_cost_ms(text) for _ in range(3) for text in messages]
    timings.sort()
    print(f"added latency over {len(messages)} messages: median {statistics.median(timings):.3f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)]:.3f} ms, max {timings[-1]:.3f} ms")


if __name__ == "__main__":
    warm_up()
    counts("zh")
    counts("es")
    latency()
