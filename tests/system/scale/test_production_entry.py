"""`make run-production` (scripts/serve_production.py): a few patients through the nginx entry point.

Two Rasa replicas and two action servers behind nginx, on a database of this
run's own. Skipped when nginx is not installed (make setup installs it as root).
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import pytest
import requests
import websockets
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, free_port, new_sender
from tests.system.conversation_script import WHOLE_CONVERSATION

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")),
    reason="nginx is not installed (make setup installs it when run as root)",
)
TOKEN = "production-test-token"


class Production:
    def __init__(self, process: subprocess.Popen, entry: str, action_port: int, data_dir: Path, log: Path) -> None:
        self.process, self.entry, self.action_port, self.data_dir, self.log = process, entry, action_port, data_dir, log

    def say(self, sender: str, message: str):
        response = requests.post(f"{self.entry}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=120)
        response.raise_for_status()
        return "\n".join(reply.get("text", "") for reply in response.json())


@pytest.fixture(scope="module")
def production(database_url, redis_url, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("production")
    port, action_port = free_port(), free_port()
    log = data_dir / "serve_production.log"
    env = {**os.environ, "FLARECARE_DATA_DIR": str(data_dir), "FLARECARE_RASA_TOKEN": TOKEN,
           "FLARECARE_DATABASE_URL": database_url, "FLARECARE_REDIS_URL": redis_url}
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve_production.py"), "--port", str(port),
             "--action-port", str(action_port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    deadline = time.monotonic() + 1500
    while "is ready after" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL) if process.poll() is None else None
            raise RuntimeError(f"production did not start:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(1)
    running = Production(process, f"http://127.0.0.1:{port}", action_port, data_dir, log)
    yield running
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def converse(production: Production) -> str:
    sender = new_sender()
    for message, expected in WHOLE_CONVERSATION:
        assert expected in production.say(sender, message), message
    return sender


def test_patients_complete_the_flare_check_through_the_entry_point(production, database_url):
    with ThreadPoolExecutor(max_workers=4) as pool:
        senders = list(pool.map(lambda _: converse(production), range(4)))
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT sender_id FROM flare_reports WHERE sender_id = ANY(:s)"), {"s": senders}
            ).scalars().all()
    finally:
        engine.dispose()
    assert sorted(stored) == sorted(senders)


def test_http_api_through_the_entry_point_needs_the_token(production):
    assert requests.get(f"{production.entry}/status", timeout=30).status_code == 401
    assert requests.get(f"{production.entry}/status", params={"token": TOKEN}, timeout=30).status_code == 200


def test_socketio_works_over_websocket_and_long_polling_is_refused(production):
    polling = requests.get(f"{production.entry}/socket.io/", params={"EIO": "4", "transport": "polling"}, timeout=30)
    assert polling.status_code == 400 and "websocket only" in polling.text

    assert asyncio.run(_websocket_reply(production.entry, *WHOLE_CONVERSATION[0]))


async def _websocket_reply(entry: str, message: str, expected: str) -> bool:
    """One message over socket.io's websocket transport, spoken by hand (Engine.IO 4 / Socket.IO 5).

    The python-socketio client cannot be used: its websocket transport needs a newer
    aiohttp than Rasa pins. Frames: "0…" open, "40" connect, "42[event, data]" events,
    "2"/"3" ping/pong.
    """
    url = entry.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    session = new_sender()
    async with websockets.connect(url) as connection:
        assert (await connection.recv()).startswith("0")
        await connection.send("40")
        sent = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            frame = await asyncio.wait_for(connection.recv(), timeout=deadline - time.monotonic())
            if frame == "2":
                await connection.send("3")
            elif frame.startswith("40") and not sent:
                await connection.send("42" + json.dumps(["session_request", {"session_id": session}]))
                await connection.send("42" + json.dumps(["user_uttered", {"message": message, "session_id": session}]))
                sent = True
            elif frame.startswith("42"):
                event, *data = json.loads(frame[2:])
                if event == "bot_uttered" and expected in (data[0] or {}).get("text", ""):
                    return True
    return False


def test_the_action_upstream_listens_on_loopback_only(production):
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    with socket.socket() as probe:
        probe.settimeout(2)
        assert probe.connect_ex((address, production.action_port)) != 0
    with socket.create_connection(("127.0.0.1", production.action_port), timeout=2):
        pass


def test_sigterm_stops_every_child(production):
    production.process.send_signal(signal.SIGTERM)
    production.process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(production.process.pid, 0)  # anything of the group still alive?
        except ProcessLookupError:
            return
        time.sleep(0.5)
    pytest.fail("children of serve_production.py outlived it")


def _non_loopback_address():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address
