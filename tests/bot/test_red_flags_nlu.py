"""The detector and the NLU training data agree.

Red flags are found by the deterministic detector in every message, not only by
the intent classifier (DESIGN.md). So every example of a red-flag intent must be
detected, and no example of any other intent may raise a flag.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.red_flag_scan import detect  # the detector every message goes through, in every language

NLU = Path(__file__).resolve().parents[2] / "data" / "nlu"
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")  # [text](entity) or [text]{"entity": ...}


def _examples():
    for path in sorted(NLU.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(item.get("examples", "")).splitlines():
                if "intent" in item and line.strip().startswith("- "):
                    yield item["intent"], ANNOTATION.sub(r"\1", line.strip()[2:])


EXAMPLES = list(_examples())
pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no NLU data in this checkout")


@pytest.mark.parametrize("text", [t for i, t in EXAMPLES if i == "red_flag_check"])
def test_red_flag_check_examples_are_asked_about(text):
    scan = detect(text)
    assert scan.to_ask and not scan.flags, (text, scan)


@pytest.mark.parametrize("intent,text", [(i, t) for i, t in EXAMPLES
                                         if i.startswith("red_flag") and i != "red_flag_check"])
def test_red_flag_examples_are_detected(intent, text):
    scan = detect(text)
    assert scan.flags, text
    level = intent.rsplit("_", 1)[-1]
    if level in ("emergency", "urgent"):
        assert scan.level == level or (level == "urgent" and scan.level == "emergency"), (text, scan)


@pytest.mark.parametrize("intent,text", [(i, t) for i, t in EXAMPLES if not i.startswith("red_flag")])
def test_other_examples_raise_no_flag(intent, text):
    assert detect(text).flags == (), (intent, text, detect(text))
