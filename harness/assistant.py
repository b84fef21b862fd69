"""scripts/serve.py started on free ports with its own data directory, waited for, talked to, stopped."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "flarecare.tar.gz"
READY_LINE = "FlareCare is ready"  # printed by scripts/serve.py once both servers answer
# Settings of the developer's own shell that would point a throw-away assistant at a real store.
INHERITED_STORES = ("FLARECARE_DATABASE_URL", "FLARECARE_REDIS_URL")
# The articles' search vectors are cached by content hash and weights (knowledge/vectors.py): what
# one start embedded is exactly what a later start would compute, so later starts in this process
# copy it instead of encoding every article again (about 10 s of CPU per start).
VECTORS = "knowledge_vectors"
_embedded: List[Path] = []  # data directories of earlier starts, latest first


@dataclass
class Assistant:
    rasa_url: str
    action_url: str
    token: str
    data_dir: Path
    log: Path
    process: subprocess.Popen  # scripts/serve.py, the parent of the Rasa and action servers
    web_url: Optional[str] = None  # the chat page (web/), when started with web=True
    ready_s: float = 0.0  # from starting scripts/serve.py to its ready line

    @property
    def rasa_port(self) -> int:
        return int(self.rasa_url.rsplit(":", 1)[1])

    def say(self, sender: str, text: str) -> List[Dict]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=180
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> Dict:
        response = requests.get(
            f"{self.rasa_url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=120
        )
        response.raise_for_status()
        return response.json()


def texts(replies: List[Dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reuse_vectors(data_dir: Path) -> None:
    """Copy an earlier start's article vectors into ``data_dir`` (nothing when there is none left)."""
    earlier = next((path / VECTORS for path in _embedded if (path / VECTORS).is_dir()), None)
    if earlier is not None and earlier != data_dir / VECTORS:
        shutil.copytree(earlier, data_dir / VECTORS, dirs_exist_ok=True)


def remember_vectors(data_dir: Path) -> None:
    if (data_dir / VECTORS).is_dir():
        _embedded.insert(0, data_dir)


def _wait_for_ready(log: Path, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if READY_LINE in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    stop_process_group(process)
    raise RuntimeError(f"the assistant did not start; log:\n{log.read_text(errors='replace')[-5000:]}")


def start_assistant(data_dir: Path, extra_env: Optional[Dict[str, str]] = None, *serve_args: str,
                    web: bool = False, timeout: float = 660, fresh_vectors: bool = False) -> Assistant:
    """Start scripts/serve.py on free ports with its data directory in ``data_dir``; return once it is ready.

    With ``web=True`` the chat page (web/, the widget) is served too, on a free
    port given as ``Assistant.web_url``; by default it is not (``--no-web``).
    ``extra_env`` adds settings (e.g. FLARECARE_DATABASE_URL for PostgreSQL).
    ``fresh_vectors=True`` makes the start embed every article itself, as a first start does.
    """
    rasa_port, action_port = free_port(), free_port()
    web_port = free_port() if web else None
    web_args = ["--web-port", str(web_port)] if web else ["--no-web"]
    if not MODEL.exists():
        raise RuntimeError("no trained model: run `make setup` first")
    if not fresh_vectors:
        reuse_vectors(data_dir)
    log = data_dir / "serve.log"
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_STORES}
    env.update(FLARECARE_DATA_DIR=str(data_dir), FLARECARE_RASA_TOKEN="test-token", **(extra_env or {}))
    with open(log, "w") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve.py"), *web_args,
             "--rasa-port", str(rasa_port), "--action-port", str(action_port), *serve_args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    _wait_for_ready(log, process, timeout)
    remember_vectors(data_dir)
    return Assistant(
        f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", "test-token", data_dir, log, process,
        web_url=f"http://127.0.0.1:{web_port}" if web else None, ready_s=time.monotonic() - started,
    )


def stop_process_group(process: subprocess.Popen) -> None:
    """Ctrl-C to the process's group (it started its own session), then SIGKILL after 30 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def stop_assistant(assistant: Assistant) -> None:
    stop_process_group(assistant.process)
