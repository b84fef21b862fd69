"""A clinic adds a Q&A entry with the CLI; the running bot answers it — no retraining, no restart.

End to end over HTTP (REST channel) against real servers (scripts/serve.py) with
their own temporary data directory:

1. a question no article covers is routed to ``action_search_knowledge`` and
   declined honestly, with the way to the clinic;
2. the clinic lists the new key in ``clinic_topics.yml`` beside the articles,
   writes ``<articles>/<key>.md``, and runs ``python -m knowledge load --dir
   <articles>`` against the running assistant's database (its
   ``FLARECARE_DATA_DIR``) — no code change; the servers keep running;
3. the same question now gets the new entry, with its source, and "tell me more"
   gives its long text — the search index follows the stored content version.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.content import DEFAULT_ARTICLES_DIR
from tests.conftest import ROOT, new_sender, start_assistant, stop_assistant, texts

QUESTION = "can i get my teeth whitened on isotretinoin?"  # no article covers it: the search declines
SHORT = "Please ask your dentist and your prescriber before teeth whitening during isotretinoin"
CITATION = "FlareCare test clinic, patient information sheet on skin procedures (test entry)"
LONG_MARKER = "gums and lips more easily"

ARTICLE = f"""---
topic: teeth_whitening
title: Teeth whitening on isotretinoin
reviewed_on: 2026-11-20
reviewer: Test clinician (test entry)
sources:
  - citation: "{CITATION}"
tags: [teeth, whitening, whitened, whiten, dentist, bleaching]
questions:
  - Is it OK to whiten my teeth during my course?
  - Can I have my teeth bleached on Accutane?
see_doctor: "Ask your prescriber before any cosmetic procedure during treatment."
---
## Short answer
{SHORT}. Your lips and skin are drier and more fragile now, so whitening gels may sting. Ask them when it is right for you.

## More
Isotretinoin dries the skin, and whitening gels can irritate the {LONG_MARKER} than usual during treatment.
A test clinic's entry: it checks that a clinic's new topic is answered without retraining.
"""


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    assistant = start_assistant(tmp_path_factory.mktemp("knowledge_live"))
    yield assistant
    stop_assistant(assistant)


def clinic_adds_the_entry(data_dir: Path, work: Path) -> subprocess.CompletedProcess:
    articles = Path(shutil.copytree(DEFAULT_ARTICLES_DIR, work / "articles"))
    (articles / "clinic_topics.yml").write_text("- teeth_whitening\n", encoding="utf-8")
    (articles / "teeth_whitening.md").write_text(ARTICLE, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "FLARECARE_DATABASE_URL"}
    env.update(FLARECARE_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "knowledge", "load", "--dir", str(articles)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_a_new_entry_is_answered_by_the_running_bot_without_retraining(running, tmp_path):
    sender = new_sender()
    before = running.say(sender, QUESTION)
    assert "don't have a checked answer" in texts(before), before
    assert any(b.get("payload") == "/request_human" for reply in before for b in reply.get("buttons") or [])
    model_before = (ROOT / "models" / "flarecare.tar.gz").stat().st_mtime

    result = clinic_adds_the_entry(running.data_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "added: 1" in result.stdout and "+ teeth_whitening" in result.stdout

    after = texts(running.say(sender, QUESTION))
    assert after.startswith(SHORT) and f"Source: {CITATION}" in after
    assert running.tracker(sender)["slots"]["last_topic"] == "teeth_whitening"
    more = texts(running.say(sender, "tell me more"))
    assert LONG_MARKER in more and f"Source: {CITATION}" in more

    assert running.process.poll() is None  # the same servers, never restarted
    assert (ROOT / "models" / "flarecare.tar.gz").stat().st_mtime == model_before  # and no training


def test_other_questions_are_still_declined_or_answered_as_before(running):
    sender = new_sender()
    assert "outside what I can help with" in texts(running.say(sender, "what's the best phone to buy right now"))
    # No FAQ intent covers a missed dose: the search answers it from its article.
    reply = texts(running.say(new_sender(), "i forgot to take my capsule last night, what now?"))
    assert "Never take two doses" in reply and "Source: " in reply
