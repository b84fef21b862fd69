"""Accuracy of bot/language.py on tests/data/language_samples.yml for several thresholds.

Prints the table kept in bot/language.py's docstring:
    .venv/bin/python scripts/measure_language_id.py
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.language import identify  # noqa: E402

# (threshold for Latin-script languages, threshold for Spanish)
THRESHOLDS = ((0.3, 0.3), (0.4, 0.4), (0.5, 0.5), (0.6, 0.6), (0.7, 0.7),
              (0.4, 0.3), (0.5, 0.2), (0.5, 0.3), (0.5, 0.4), (0.6, 0.3))


def labelled_samples() -> List[Tuple[str, str, str]]:
    """(group, expected language, text): group is en, es, zh or other."""
    data = yaml.safe_load((ROOT / "tests" / "data" / "language_samples.yml").read_text(encoding="utf-8"))
    samples = [(group, group, text) for group in ("en", "es", "zh") for text in data[group]]
    samples += [("other", code, text) for code, texts in data["other"].items() for text in texts]
    return samples


def accuracy(latin: float, spanish: float) -> Dict[str, object]:
    samples = labelled_samples()
    right: Dict[str, List[bool]] = {}
    misread: List[str] = []
    for group, expected, text in samples:
        got = identify(text, latin, spanish).code
        right.setdefault(group, []).append(got == expected)
        if got != expected:
            misread.append(f"{text!r}: {expected} read as {got}")
    result: Dict[str, object] = {group: sum(ok) / len(ok) for group, ok in right.items()}
    result["all"] = sum(sum(ok) for ok in right.values()) / len(samples)
    result["misread"] = misread
    return result


def main() -> None:
    print(f"{len(labelled_samples())} samples")
    print("latin  spanish  all     en      es      zh      other")
    for latin, spanish in THRESHOLDS:
        r = accuracy(latin, spanish)
        print(f"{latin:<6.2f} {spanish:<7.2f}  " + "  ".join(f"{r[g]:6.1%}" for g in ("all", "en", "es", "zh", "other")))
        for line in r["misread"]:
            print("    ", line)


if __name__ == "__main__":
    main()
