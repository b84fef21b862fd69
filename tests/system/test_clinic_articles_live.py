"""A clinic overrides an article with its own, on a running bot — no retraining — and it survives a restart.

End to end over REST against real servers (scripts/serve.py) with their own
temporary data directory:

1. the built-in alcohol article answers;
2. the clinic writes ``<data dir>/clinic_articles/alcohol.md`` (the default
   clinic folder) and runs ``python -m knowledge load`` — the servers keep
   running and the model is not retrained;
3. the same tap now gets "From your clinic: …" with the clinic's source line;
4. after a restart (which loads knowledge/articles again) the clinic's answer
   is still the one given — before the clinic folder, a restart removed it.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.answers import CLINIC_PREFIX
from tests.conftest import MODEL, ROOT, new_sender, start_assistant, stop_assistant, texts

ASK_ALCOHOL = '/ask_topic{"topic":"alcohol"}'  # a related-question tap: no classifier involved
POLICY = "Riverside Skin Clinic alcohol policy, 2026 (test entry)"
SHORT = "Our clinic asks you not to drink alcohol at all during your course"
CLINIC_ARTICLE = f"""---
topic: alcohol
title: Alcohol during treatment at Riverside
reviewed_on: 2026-11-30
reviewer: Dr R. Test, dermatologist (test entry)
author: clinic
source_line: "{POLICY}"
sources:
  - citation: "Riverside Skin Clinic, patient information: isotretinoin (test entry)"
questions:
  - Can I drink alcohol on isotretinoin?
see_doctor: "Call the clinic on 01632 960123 if you have had a lot to drink and feel unwell."
---
## Short answer
{SHORT}. Isotretinoin and alcohol both load the liver and raise blood fats.

## More
Your liver and blood fats are checked during treatment; our clinic's policy is to avoid alcohol until the course ends.
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("clinic_live")


def clinic_loads(data_dir: Path) -> subprocess.CompletedProcess:
    folder = data_dir / "clinic_articles"
    folder.mkdir(exist_ok=True)
    (folder / "alcohol.md").write_text(CLINIC_ARTICLE, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("FLARECARE_DATABASE_URL", "FLARECARE_CLINIC_ARTICLES")}
    env.update(FLARECARE_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "knowledge", "load"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_clinic_override_is_answered_as_the_clinics_and_survives_a_restart(data_dir, monkeypatch):
    monkeypatch.delenv("FLARECARE_CLINIC_ARTICLES", raising=False)
    model_before = MODEL.stat().st_mtime
    running = start_assistant(data_dir)
    try:
        sender = new_sender()
        before = texts(running.say(sender, ASK_ALCOHOL))
        assert not before.startswith(CLINIC_PREFIX) and POLICY not in before

        result = clinic_loads(data_dir)
        assert result.returncode == 0, result.stderr
        assert "updated: 1" in result.stdout and "~ alcohol" in result.stdout and "* alcohol" in result.stdout

        after = texts(running.say(sender, ASK_ALCOHOL))
        assert after.startswith(f"{CLINIC_PREFIX} {SHORT}") and after.endswith(f"Source: {POLICY}")
        assert "01632 960123" in after
        more = texts(running.say(sender, "/tell_more"))
        assert more.startswith(f"{CLINIC_PREFIX} Your liver") and more.endswith(f"Source: {POLICY}")
        assert running.process.poll() is None  # the same servers, never restarted
    finally:
        stop_assistant(running)

    restarted = start_assistant(data_dir)
    try:
        assert "1 from the clinic" in restarted.log.read_text(errors="replace")
        again = texts(restarted.say(new_sender(), ASK_ALCOHOL))
        assert again.startswith(f"{CLINIC_PREFIX} {SHORT}") and again.endswith(f"Source: {POLICY}")
    finally:
        stop_assistant(restarted)
    assert MODEL.stat().st_mtime == model_before  # and no training
