"""Start the whole assistant: action server, Rasa server and the web chat page.

    .venv/bin/python scripts/serve.py [--rasa-port 5005] [--action-port 5055] [--web-port 8080]

Everything binds to 127.0.0.1 unless FLARECARE_BIND is set. The Rasa HTTP API
is on, but only with a token: FLARECARE_RASA_TOKEN, or one generated once into
the data directory (var/rasa_token, mode 0600). Ctrl-C stops everything this
started. FLARECARE_DATABASE_URL switches both the tracker store and the
project's tables from SQLite to PostgreSQL. Data older than
FLARECARE_RETENTION_DAYS (default 180) is purged at start and every hour
(storage/retention.py).

Messaging platforms (Telegram, Slack, Twilio SMS/WhatsApp, Facebook Messenger)
are switched on by their environment variables (README, Configuration):
the effective credentials file is written to the data directory
(channels/config.py); the root credentials.yml is the default it starts from.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import settings  # noqa: E402
from bot.clinic_hours import ClinicHoursError, describe, from_environment  # noqa: E402
from channels.config import write_credentials  # noqa: E402
from knowledge.loader import ContentError, clinic_articles_dir, load_articles  # noqa: E402
from storage.database import migrate, data_dir, session_scope  # noqa: E402
from storage.retention import purge_expired, start_periodic_purge  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
WEB_DIR = ROOT / "web"


def auth_token() -> str:
    token = settings.load().rasa_token
    if token:
        return token
    path = data_dir() / "rasa_token"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


# Rasa's SQLTrackerStore plus the chat's "delete my data" (runtime/tracker_store.py).
TRACKER_STORE = "runtime.tracker_store.FlareCareTrackerStore"


def lock_store_config() -> Optional[Dict[str, object]]:
    """RedisLockStore when FLARECARE_REDIS_URL is set (needed for several replicas)."""
    url = settings.load().redis_url
    if not url:
        return None  # Rasa's in-memory lock store: right for a single server
    parts = urlsplit(url)
    config: Dict[str, object] = {
        "type": "runtime.outages.ReleaseSafeRedisLockStore",  # Rasa's redis lock store, restart-proof
        "url": parts.hostname or "localhost",
        "port": parts.port or 6379,
        "db": int(parts.path.lstrip("/") or 0),
        "key_prefix": "flarecare",
    }
    if parts.password:
        config["password"] = parts.password
    return config


def write_endpoints(action_port: int) -> Path:
    path = data_dir() / "endpoints.yml"
    config: Dict[str, object] = {
        "action_endpoint": {"url": f"http://127.0.0.1:{action_port}/webhook"},
        # Where the conversations live is read from the environment by the store itself
        # (runtime.tracker_store.connection_settings), as with the committed endpoints.yml.
        "tracker_store": {"type": TRACKER_STORE},
    }
    lock_store = lock_store_config()
    if lock_store:
        config["lock_store"] = lock_store
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    path.chmod(0o600)  # it may hold a database password
    return path


class WebHandler(http.server.SimpleHTTPRequestHandler):
    """Serves web/ and the socket.io client from web/node_modules, quietly."""

    def translate_path(self, path: str) -> str:
        if path.split("?")[0] == "/vendor/socket.io.min.js":
            return str(WEB_DIR / "node_modules/socket.io-client/dist/socket.io.min.js")
        return super().translate_path(path)

    def log_message(self, *args: object) -> None:  # no request logs: URLs may carry sender ids
        pass


def start_web(bind: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(WebHandler, directory=str(WEB_DIR))
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def prepare_storage() -> None:
    """Migrations and the knowledge load: once, before any server starts (idempotent)."""
    migrate()
    # Brings the store in line with knowledge/articles plus the clinic's own folder (which a
    # restart must keep: it is loaded every time, see knowledge/loader.py).
    with session_scope() as session:
        report = load_articles(session, clinic_directory=clinic_articles_dir())
        print(f"knowledge store: {report.one_line()}", flush=True)
    # The articles' search vectors, into the disk cache the action server reads at its first search.
    # In a child process: this supervisor must not keep the encoder's ~110 MB for nothing.
    subprocess.run([sys.executable, "-m", "knowledge", "embed"], cwd=ROOT, check=True)


def server_env(bind: str) -> Dict[str, str]:
    return {
        # One BLAS thread per server (an operator's own value wins): one message's encoder matrices
        # are small, and OpenBLAS's second thread spins against the other server and TensorFlow.
        # Measured at 20 patients (README, Performance): p95 -11%, p50 -5%, throughput +5%.
        "OPENBLAS_NUM_THREADS": "1",
        **os.environ, "SANIC_HOST": bind, "PYTHONPATH": str(ROOT),
        # One Sanic worker per server: Rasa's socket.io channel cannot run with several.
        "SANIC_WORKERS": "1",
        # For the action server (`rasa run` sets its own 120 s): idle connections are kept
        # longer than Rasa's aiohttp client keeps them (15 s). With Sanic's 5 s, Rasa under
        # load writes to a connection the action server is closing, and the action is lost.
        "SANIC_KEEP_ALIVE_TIMEOUT": "75",
    }


def rasa_command(token: str, bind: str, port: int, model: str, endpoints: Path, credentials: Path) -> List[str]:
    """`rasa run` through FlareCare's entry point, which installs the runtime overrides first (runtime/)."""
    return [str(VENV_BIN / "python"), "-m", "runtime", "run", "--enable-api", "--auth-token", token,
            "--interface", bind, "--port", str(port), "--cors", "*",
            "--model", model, "--endpoints", str(endpoints), "--credentials", str(credentials)]


def action_command(port: int) -> List[str]:
    return [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"]


def stop_all(processes: List[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_ready(url: str, timeout: float, processes: List[subprocess.Popen]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise SystemExit("a server exited during start-up; see the messages above")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"not ready after {timeout:.0f}s: {url}")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8080)
    parser.add_argument("--model", default=str(ROOT / "models" / "flarecare.tar.gz"))
    parser.add_argument("--no-web", action="store_true", help="do not serve the chat page")
    parser.add_argument("--no-actions", action="store_true",
                        help="do not start the action server (it runs elsewhere, or a fault test wants it down)")
    args = parser.parse_args(argv)

    configured = settings.load_or_exit()  # a wrong value stops here, by name, before anything starts
    bind = configured.bind
    try:  # a wrong setting stops here, not at a patient's hand-off
        hours = from_environment()
    except ClinicHoursError as error:
        raise SystemExit(f"clinic hours: {error}") from None
    if hours is not None:
        print(f"clinic hours: {describe(hours)} ({hours.timezone.key})", flush=True)
    retention = configured.retention_days
    try:  # a clinic's mistyped article stops here, with the file and the problem, before anything is written
        prepare_storage()
    except ContentError as error:
        raise SystemExit(str(error)) from None
    print(f"retention: {retention} days; purged rows: {purge_expired(retention)}", flush=True)
    stop_purging = start_periodic_purge(retention)
    endpoints = write_endpoints(args.action_port)
    credentials = data_dir() / "credentials.yml"
    for note in write_credentials(credentials):
        print(f"messaging: {note}", flush=True)
    token = auth_token()
    env = server_env(bind)

    started = time.monotonic()
    processes = [
        subprocess.Popen(rasa_command(token, bind, args.rasa_port, args.model, endpoints, credentials),
                         cwd=ROOT, env=env),
    ]
    if not args.no_actions:
        processes.append(subprocess.Popen(action_command(args.action_port), cwd=ROOT, env=env))
    web = None

    def stop(*_: object) -> None:
        stop_all(processes)
        if web is not None:
            web.shutdown()
        stop_purging.set()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if not args.no_actions:
            wait_until_ready(f"http://127.0.0.1:{args.action_port}/health", 120, processes)
        wait_until_ready(f"http://127.0.0.1:{args.rasa_port}/status?token={token}", 600, processes)
        if not args.no_web:
            web = start_web(bind, args.web_port)
        print(f"\nFlareCare is ready after {time.monotonic() - started:.1f}s.", flush=True)
        if web is not None:
            print(f"  Chat in your browser:  http://{bind}:{args.web_port}/", flush=True)
        print(f"  REST channel:          POST http://{bind}:{args.rasa_port}/webhooks/rest/webhook", flush=True)
        print("  Press Ctrl-C to stop.", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
