"""`python -m knowledge load | check | embed | ask | list`."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.__main__ import main
from knowledge import vectors
from knowledge.content import DEFAULT_ARTICLES_DIR
from knowledge.topics import KNOWN_TOPICS

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def articles(tmp_path) -> Path:
    return Path(shutil.copytree(DEFAULT_ARTICLES_DIR, tmp_path / "articles"))


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_load_reports_changes_then_nothing(url, articles):
    code, out, _ = run("--db", url, "load", "--dir", str(articles))
    assert code == 0 and f"added: {len(KNOWN_TOPICS)}" in out and "+ mechanism" in out
    code, out, _ = run("--db", url, "load", "--dir", str(articles))
    assert code == 0 and f"unchanged: {len(KNOWN_TOPICS)}" in out and "added: 0" in out

    (articles / "waxing.md").unlink()
    code, out, _ = run("--db", url, "load", "--dir", str(articles))
    assert code == 0 and "removed: 1" in out and "- waxing" in out


def test_load_embeds_the_articles_so_embed_finds_nothing_left(url, articles, tmp_path, monkeypatch):
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(vectors, "_memory", {})  # as in a new `python -m knowledge` process
    assert run("--db", url, "load", "--dir", str(articles), "--quiet")[0] == 0
    assert len(list((tmp_path / "data" / "knowledge_vectors").glob("*.npy"))) == len(KNOWN_TOPICS)
    assert run("--db", url, "embed") == (0, "knowledge: 0 article(s) embedded\n", "")


def test_quiet_load_prints_one_line(url, articles):
    code, out, _ = run("--db", url, "load", "--dir", str(articles), "--quiet")
    assert code == 0 and out.strip() == f"knowledge: {len(KNOWN_TOPICS)} added, 0 updated, 0 unchanged, 0 removed"


def test_invalid_content_exits_1_and_writes_nothing(url, articles):
    path = articles / "sun.md"
    path.write_text(path.read_text(encoding="utf-8").replace("reviewed_on: 2026-11-25", "reviewed_on: 2026-02-30"), encoding="utf-8")
    code, out, err = run("--db", url, "load", "--dir", str(articles))
    assert code == 1 and "nothing was written" in err and "sun.md" in err and "bad date" in err
    code, _, err = run("--db", url, "list")
    assert code == 2 and "empty" in err


def test_check_validates_without_a_database(articles):
    code, out, _ = run("check", "--dir", str(articles))
    assert code == 0 and f"{len(KNOWN_TOPICS)} article(s) valid" in out


def test_ask_prints_the_answer_with_its_source(url, articles):
    run("--db", url, "load", "--dir", str(articles))
    code, out, _ = run("--db", url, "ask", "can i drink beer on accutane?")
    assert code == 0 and "[alcohol" in out and "Source: " in out
    code, out, _ = run("--db", url, "ask", "--more", "can i drink beer on accutane?")
    assert "triglycerides" in out


def test_ask_declines_out_of_scope(url, articles):
    run("--db", url, "load", "--dir", str(articles))
    code, out, _ = run("--db", url, "ask", "how do I bake bread")
    assert code == 0 and "no confident answer" in out


def test_list_shows_every_topic(url, articles):
    run("--db", url, "load", "--dir", str(articles))
    code, out, _ = run("--db", url, "list")
    assert code == 0 and all(topic in out for topic in KNOWN_TOPICS)


def test_ask_on_an_empty_store_says_so(url):
    code, _, err = run("--db", url, "ask", "anything")
    assert code == 2 and "python -m knowledge load" in err


def test_module_runs_as_a_script(url):
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "--db", url, "load"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"added: {len(KNOWN_TOPICS)}" in result.stdout
