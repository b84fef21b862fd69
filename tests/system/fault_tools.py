"""Real faults for the HTTP tests: an action server started and stopped by the test,
and a TCP proxy that holds every connection for a while before passing it on."""
from __future__ import annotations

import asyncio
import os
import subprocess
import threading
import time
from typing import Dict, Optional

import requests

from tests.conftest import ROOT, Assistant

VENV_BIN = ROOT / ".venv" / "bin"


def start_action_server(assistant: Assistant, port: int, extra_env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
    """`rasa run actions` on ``port`` with the assistant's data directory; returns once /health answers."""
    env = {key: value for key, value in os.environ.items() if key != "FLARECARE_DATABASE_URL"}
    env.update(FLARECARE_DATA_DIR=str(assistant.data_dir), PYTHONPATH=str(ROOT), **(extra_env or {}))
    log = open(assistant.data_dir / f"actions-{port}.log", "a")
    process = subprocess.Popen(
        [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the action server exited; see {log.name}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("the action server did not start")


def stop_action_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class DelayingProxy:
    """127.0.0.1:``port`` → 127.0.0.1:``target``; each new connection is held ``delay`` seconds first.

    A request whose client gives up while it is held is dropped, not passed on
    late, so one test's slow calls cannot load the action server during the next.
    """

    def __init__(self, port: int, target: int) -> None:
        self.target = target
        self.delay = 0.0
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.server = self._call(asyncio.start_server(self._handle, "127.0.0.1", port))

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        held = bytearray()
        deadline = self.loop.time() + self.delay
        while (left := deadline - self.loop.time()) > 0:
            try:
                chunk = await asyncio.wait_for(client_reader.read(65536), left)
            except asyncio.TimeoutError:
                break
            if not chunk:  # the client gave up while held
                client_writer.close()
                return
            held += chunk
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            client_writer.close()
            return
        upstream_writer.write(bytes(held))
        await asyncio.gather(_pipe(client_reader, upstream_writer), _pipe(upstream_reader, client_writer))

    def close(self) -> None:
        self.server.close()
        self.loop.call_soon_threadsafe(self.loop.stop)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
