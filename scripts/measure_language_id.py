"""Accuracy of bot/language.py on tests/data/language_samples.yml for several thresholds.

Prints the table kept in bot/language.py's docstring:
    .venv/bin/python scripts/measure_language_id.py
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.language import identify  # noqa: E402

# (Latin-script languages, Spanish, a single unaccented word)
THRESHOLDS = ((0.3, 0.3, 0.0), (0.4, 0.4, 0.0), (0.5, 0.5, 0.0), (0.6, 0.6, 0.0), (0.7, 0.7, 0.0),
              (0.5, 0.3, 0.0), (0.5, 0.3, 0.6), (0.5, 0.3, 0.7), (0.5, 0.3, 0.8))
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def labelled_samples() -> List[Tuple[str, str, str]]:
    """(group, expected language, text): group is en, es, zh or other."""
    data = yaml.safe_load((ROOT / "tests" / "data" / "language_samples.yml").read_text(encoding="utf-8"))
    samples = [(group, group, text) for group in ("en", "es", "zh") for text in data[group]]
    samples += [("other", code, text) for code, texts in data["other"].items() for text in texts]
    return samples


def english_nlu_examples() -> List[str]:
    """The English training examples (data/nlu), less the other_language ones: a large English set."""
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if item.get("intent") in (None, "other_language"):
                continue
            texts += [ANNOTATION.sub(r"\1", line.strip()[2:]) for line in str(item.get("examples", "")).splitlines()
                      if line.strip().startswith("- ")]
    return texts


def english_misread(latin: float, spanish: float, one_word: float) -> List[str]:
    return [text for text in english_nlu_examples() if identify(text, latin, spanish, one_word).code != "en"]


def accuracy(latin: float, spanish: float, one_word: float) -> Dict[str, object]:
    samples = labelled_samples()
    right: Dict[str, List[bool]] = {}
    misread: List[str] = []
    for group, expected, text in samples:
        got = identify(text, latin, spanish, one_word).code
        right.setdefault(group, []).append(got == expected)
        if got != expected:
            misread.append(f"{text!r}: {expected} read as {got}")
    result: Dict[str, object] = {group: sum(ok) / len(ok) for group, ok in right.items()}
    result["all"] = sum(sum(ok) for ok in right.values()) / len(samples)
    result["misread"] = misread
    return result


def main() -> None:
    print(f"{len(labelled_samples())} samples")
    print(f"and {len(english_nlu_examples())} English NLU examples (last column: how many are not read as English)")
    print("latin  spanish  word  all     en      es      zh      other   NLU-en")
    for latin, spanish, one_word in THRESHOLDS:
        r = accuracy(latin, spanish, one_word)
        print(f"{latin:<6.2f} {spanish:<7.2f}  {one_word:<4.1f}  "
              + "  ".join(f"{r[g]:6.1%}" for g in ("all", "en", "es", "zh", "other"))
              + f"  {len(english_misread(latin, spanish, one_word))}")
        for line in r["misread"]:
            print("    ", line)


if __name__ == "__main__":
    main()
