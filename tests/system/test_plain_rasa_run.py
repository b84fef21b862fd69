"""Plain `rasa run` with the committed endpoints.yml: the project's tracker store, so "delete my data" works.

Rasa silently falls back to an in-memory tracker store when the configured one
cannot be imported, and Rasa's own SQL store has no deletion; this runs the
command a Rasa user types, from the repository root, with no action server and
nothing prepared beforehand.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import MODEL, ROOT, free_port, new_sender

TOKEN = "plain-run-token"


@pytest.fixture(scope="module")
def plain_rasa(tmp_path_factory):
    data = tmp_path_factory.mktemp("plain-rasa")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "FLARECARE_DATABASE_URL"}
    env["FLARECARE_DATA_DIR"] = str(data)
    log = data / "rasa.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "rasa"), "run", "--enable-api", "--auth-token", TOKEN,
             "--interface", "127.0.0.1", "--port", str(port), "--model", str(MODEL), "--endpoints", "endpoints.yml"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(f"{url}/status", params={"token": TOKEN}, timeout=5).ok:
                break
        except requests.ConnectionError:
            pass
        time.sleep(1)
    else:
        raise RuntimeError(f"rasa run did not start:\n{log.read_text(errors='replace')[-4000:]}")
    yield url, data
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def say(url: str, sender: str, message: str) -> str:
    replies = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=120)
    replies.raise_for_status()
    return "\n".join(reply.get("text", "") for reply in replies.json())


def stored_events(data, sender: str) -> int:
    engine = create_engine(f"sqlite:///{data / 'tracker.db'}")
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()
    engine.dispose()
    return count


def test_the_committed_endpoints_keep_conversations_in_the_data_directory_and_delete_on_request(plain_rasa):
    url, data = plain_rasa
    patient, other = new_sender(), new_sender()
    for sender in (patient, other):
        say(url, sender, "hello")
    assert "delete your data" in say(url, patient, "please delete my data")
    assert stored_events(data, patient) > 0
    assert "deleted" in say(url, patient, "yes")
    assert stored_events(data, patient) == 0
    assert stored_events(data, other) > 0  # nobody else's conversation is touched
