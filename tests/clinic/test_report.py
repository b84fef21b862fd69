"""The clinic report on a seeded database: every number, the charts and the command."""
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from clinic.charts import CHARTS, render_charts
from clinic.report import QUESTION_INTENTS, build_report, conversations_from
from storage.analytics import TrackerEvent, clean_question, conversation_events, question_key, record_unanswered
from storage.database import session_scope
from tests.clinic.conftest import EXPECTED, FIXED_NOW
from tests.conftest import ROOT

PNG = b"\x89PNG\r\n\x1a\n"


def report_for(seeded, days=30, tracker=True):
    with session_scope(seeded.project_url) as session:
        return build_report(session, seeded.tracker_url if tracker else None, days, now=seeded.now)


def test_every_number(seeded):
    report = report_for(seeded)
    assert report.since == datetime(2026, 5, 12, tzinfo=timezone.utc)
    assert report.until == datetime(2026, 6, 11, tzinfo=timezone.utc) and report.days == 30
    for name, value in EXPECTED.items():
        assert getattr(report, name) == value, name


def test_daily_buckets(seeded):
    report = report_for(seeded)
    assert report.bucket_size == "day" and len(report.buckets) == 30
    by_day = {bucket.start: bucket for bucket in report.buckets}
    five_days_ago = by_day[FIXED_NOW.date() - timedelta(days=5)]
    assert (five_days_ago.conversations, five_days_ago.with_question, five_days_ago.deflected) == (2, 1, 1)
    assert by_day[FIXED_NOW.date() - timedelta(days=4)].flare_reports["urgent"] == 1
    assert sum(b.conversations for b in report.buckets) == EXPECTED["conversations"]
    assert sum(sum(b.flare_reports.values()) for b in report.buckets) == EXPECTED["flare_reports"]
    first_day = by_day[report.since.date()]  # pat-j: a question at the window's first second, then a hand-off
    assert (first_day.conversations, first_day.with_question, first_day.deflected) == (2, 1, 1)


def test_weekly_buckets_and_a_longer_window(seeded):
    report = report_for(seeded, days=90)
    assert report.bucket_size == "week"
    assert all(bucket.start.weekday() == 0 for bucket in report.buckets)
    assert report.conversations == EXPECTED["conversations"] + 1  # pat-g, 40 days ago
    assert report.flare_reports == EXPECTED["flare_reports"] + 1
    assert report.escalations_by_level["urgent"] == 2


def test_one_day_window(seeded):
    report = report_for(seeded, days=1)  # today only: nothing happened today
    assert (report.conversations, report.handoffs, report.flare_reports) == (0, 0, 0)
    assert report.deflection_rate is None


def test_without_a_tracker_store_conversations_are_unknown_not_zero(seeded):
    report = report_for(seeded, tracker=False)
    assert report.conversations is None and report.deflection_rate is None
    assert report.handoffs == EXPECTED["handoffs"] and report.flare_reports == EXPECTED["flare_reports"]
    assert "unknown (no tracker store found)" in report.summary_lines()[1]


def test_summary_has_numbers_and_no_patient_words(seeded):
    text = "\n".join(report_for(seeded).summary_lines())
    assert "conversations: 12; with a question: 8; deflected: 3 (deflection rate 37.5%)" in text
    assert "escalations: 3 (emergency 1, urgent 1, doctor_soon 1)" in text
    assert "metformin" not in text.lower() and "script" not in text


def test_tracker_store_is_only_read(seeded):
    before = hashlib.sha256(seeded.tracker_path.read_bytes()).hexdigest()
    report_for(seeded)
    assert hashlib.sha256(seeded.tracker_path.read_bytes()).hexdigest() == before
    with closing(sqlite3.connect(seeded.tracker_path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # Rasa's mode, not switched to WAL
    assert conversation_events(None, FIXED_NOW - timedelta(days=1), FIXED_NOW) is None


# --- the conversation rules, on their own ---------------------------------------------------------


def ev(sender, stamp, kind="user", intent=None):
    return TrackerEvent(sender, stamp, kind, intent)


def at(stamp):
    return datetime.fromtimestamp(stamp, timezone.utc)


def test_a_handoff_belongs_to_the_session_it_happened_in():
    events = [ev("p", 100, "session_start"), ev("p", 110, intent="ask_diet"),
              ev("p", 5000, "session_start"), ev("p", 5010, intent="ask_dose")]
    first, second = conversations_from(events, [("p", at(5020))], [])
    assert first.deflected and not second.deflected and second.handoffs == 1


def test_handoffs_of_other_senders_or_before_any_session_are_ignored():
    events = [ev("p", 100, "session_start"), ev("p", 110, intent="ask_diet")]
    [only] = conversations_from(events, [("q", at(120)), ("p", at(50))], [])
    assert only.deflected


def test_an_unanswered_question_is_a_question_and_not_deflected():
    events = [ev("p", 100, "session_start"), ev("p", 110, intent="greet")]
    [only] = conversations_from(events, [], [("p", at(115))])
    assert only.has_question and not only.deflected


def test_sessions_without_patient_messages_are_not_conversations():
    events = [ev("p", 100, "session_start"), ev("p", 200, "session_start"), ev("p", 210, intent="greet")]
    [only] = conversations_from(events, [], [])
    assert only.start == 200 and not only.has_question


# --- what is stored of an unanswered question -----------------------------------------------------


def test_questions_are_trimmed_capped_and_stripped_of_identifiers():
    assert clean_question("  can I   email you at pat.smith@example.com\nor call 07700 900123?  ") == (
        "can I email you at [email] or call [number]?")
    assert clean_question("is 20 mg ok for 12 weeks") == "is 20 mg ok for 12 weeks"  # small numbers stay
    long = "why " * 200
    stored = clean_question(long)
    assert len(stored) <= 300 and stored.endswith("…")
    assert question_key("Can I dye my HAIR?!") == question_key("can i dye my hair") == "can i dye my hair"


def test_record_unanswered_is_idempotent_and_skips_empty(seeded):
    with session_scope(seeded.project_url) as session:
        first = record_unanswered(session, "pat-x", "Is sauna ok?", idempotency_key="k1")
        again = record_unanswered(session, "pat-x", "Is sauna ok?", idempotency_key="k1")
        assert first.id == again.id
        assert record_unanswered(session, "pat-x", "  ?!  ") is None
        assert len(first.question) <= 300


def test_record_unanswered_creates_its_table_on_a_fresh_database(tmp_path):
    from storage.database import migrate

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate(url)  # the migrations, as on start (no analytics table yet)
    with session_scope(url) as session:
        assert record_unanswered(session, "pat-y", "Can I donate blood?").question == "Can I donate blood?"


# --- charts ---------------------------------------------------------------------------------------


def test_charts_are_png_and_show_the_data(seeded):
    charts = render_charts(report_for(seeded))
    empty = render_charts(report_for(seeded, days=1))
    assert list(charts) == list(CHARTS)
    for name, png in charts.items():
        assert png.startswith(PNG) and len(png) > 5000, name
        assert png != empty[name], name  # not the "no data" placeholder


# --- the command ----------------------------------------------------------------------------------


def test_report_command_writes_the_report_and_prints_a_summary(seeded_today, tmp_path):
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "FLARECARE_DATABASE_URL"}
    env.update(FLARECARE_DATA_DIR=str(seeded_today.data_dir), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "clinic", "report", "--days", "30", "--out", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "conversations: 12; with a question: 8; deflected: 3 (deflection rate 37.5%)" in result.stdout
    assert "metformin" not in (result.stdout + result.stderr).lower()
    files = {path.name: path for path in out.iterdir()}
    assert set(files) == {"report.md", "report.html"} | {file for file, _ in CHARTS.values()}
    for name, path in files.items():
        assert path.stat().st_size > 0, name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name  # patients' questions inside
        if name.endswith(".png"):
            assert path.read_bytes().startswith(PNG)
    markdown = files["report.md"].read_text()
    assert "| Deflection rate | 37.5% |" in markdown and "| Can I take it with metformin? | 2 |" in markdown
    assert "![Escalations by level](escalations_by_level.png)" in markdown
    page = files["report.html"].read_text()
    assert "<script" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'src="flare_reports.png"' in page


def test_report_command_rejects_a_bad_period(tmp_path):
    result = subprocess.run([sys.executable, "-m", "clinic", "report", "--days", "0"], cwd=ROOT,
                            env={**os.environ, "FLARECARE_DATA_DIR": str(tmp_path)}, capture_output=True, text=True)
    assert result.returncode == 2 and "--days must be at least 1" in result.stderr


# --- PostgreSQL: tracker store and project tables in one database, as in production ----------------

POSTGRES_ADMIN = os.environ.get("FLARECARE_TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def postgres_url():
    import uuid

    from sqlalchemy import create_engine, text

    from storage.analytics import tracker_engine
    from storage.database import get_engine

    try:
        admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN} ({error.__class__.__name__})")
    name = f"flarecare_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    yield url
    get_engine(url).dispose()
    tracker_engine(url).dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_every_number_on_postgresql(tmp_path, postgres_url, monkeypatch):
    from tests.clinic.conftest import seed
    from storage.analytics import tracker_database_url

    monkeypatch.setenv("FLARECARE_DATABASE_URL", postgres_url)
    seeded = seed(tmp_path, FIXED_NOW, postgres_url=postgres_url)
    assert tracker_database_url() == postgres_url  # serve.py puts Rasa's tracker store in the same database
    report = report_for(seeded)
    for name, value in EXPECTED.items():
        assert getattr(report, name) == value, name


def test_every_intent_the_rules_answer_as_a_question_counts_as_one():
    answers = {"action_answer_faq", "action_search_knowledge", "utter_when_to_see_doctor"}
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    answered = {
        rule["steps"][0]["intent"] for rule in rules
        if "intent" in rule["steps"][0] and rule["steps"][1].get("action") in answers
    }
    assert answered and answered <= QUESTION_INTENTS, answered - QUESTION_INTENTS
