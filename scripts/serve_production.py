"""Production: N Rasa replicas and M action servers behind one nginx entry point.

    .venv/bin/python scripts/serve_production.py [--rasa-replicas 2] [--action-replicas 2]
                                                [--port 5005] [--action-port 5055]
    (or: make run-production)

* Conversations (Rasa's SQLTrackerStore) and the project's tables live in
  PostgreSQL (FLARECARE_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/flarecare);
  conversation locks in Redis (FLARECARE_REDIS_URL, default redis://127.0.0.1:6379/0).
  Local servers that are down are started with the machine's commands below; the
  database is created if missing. Migrations, Rasa's events table and the
  knowledge load run once, here, before any replica starts.
* Each Rasa replica is `python -m runtime run` (HTTP API with the token, REST + socket.io with
  session persistence, one Sanic worker) on a free loopback port; each action
  server likewise. nginx (deploy/nginx.conf.template, rendered into
  <data dir>/nginx/) listens on FLARECARE_BIND:--port for everything public and
  on 127.0.0.1:--action-port for the replicas' action endpoint only.
* Ctrl-C or SIGTERM stops every child; so does any child exiting.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, List, Optional
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import (  # noqa: E402
    ROOT, action_command, auth_token, prepare_storage, rasa_command, server_env, stop_all,
    wait_until_ready, write_endpoints,
)
import settings  # noqa: E402
from bot.clinic_hours import ClinicHoursError, from_environment  # noqa: E402
from channels.config import write_credentials  # noqa: E402
from storage.database import data_dir  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/flarecare"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

# How this machine starts its PostgreSQL and Redis (the machine notes), when they are local and down.
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = ('redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
               "--dir /var/lib/redis --logfile /var/log/redis/ci.log")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")  # sbin is not on every PATH
    if not found:
        raise SystemExit(
            "nginx is needed for the production entry point and is not installed.\n"
            "  Debian/Ubuntu: sudo apt-get install nginx   (make setup installs it when run as root)"
        )
    return found


def render_nginx_conf(prefix: Path, bind: str, port: int, action_port: int,
                      rasa_ports: List[int], action_ports: List[int]) -> Path:
    values = {
        "prefix": str(prefix),
        "bind": bind,
        "port": str(port),
        "action_port": str(action_port),
        "rasa_servers": "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in rasa_ports),
        "action_servers": "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in action_ports),
    }

    def fill(match: re.Match) -> str:
        return values[match.group(1)]  # a placeholder without a value is a bug: KeyError

    for folder in ("tmp/client_body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(re.sub(r"\{\{ (\w+) \}\}", fill, TEMPLATE.read_text()))
    return conf


def _is_local(host: Optional[str]) -> bool:
    return (host or "localhost") in LOCAL_HOSTS


def _wait(check, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise SystemExit(f"{what} did not come up within {timeout:.0f}s")


def postgres_ready(url: str) -> bool:
    parts = urlsplit(url)
    command = ["pg_isready", "-q", "-h", parts.hostname or "localhost", "-p", str(parts.port or 5432)]
    return subprocess.run(command, check=False).returncode == 0


def ensure_service(name: str, url: str, ready: Callable[[str], bool], start_command: str) -> None:
    """Start a local PostgreSQL or Redis that is down (the machine's own command); a remote one must be up."""
    if ready(url):
        return
    if not _is_local(urlsplit(url).hostname):
        raise SystemExit(f"{name} at {urlsplit(url).hostname} is not reachable")
    print(f"{name} is down: starting it", flush=True)
    subprocess.run(start_command, shell=True, check=True)
    _wait(lambda: ready(url), name)


def ensure_database(url: str) -> None:
    """CREATE DATABASE when the one in the URL does not exist yet (via the server's `postgres` database)."""
    from sqlalchemy import create_engine, text

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = create_engine(urlunsplit(parts._replace(path="/postgres")), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
            if not exists:
                print(f"creating database {name}", flush=True)
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        maintenance.dispose()


def redis_ready(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def create_rasa_tables(url: str) -> None:
    """Rasa's events table, created once here instead of by every replica at once."""
    from rasa.core.tracker_store import SQLTrackerStore
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        SQLTrackerStore.Base.metadata.create_all(engine)
    finally:
        engine.dispose()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-replicas", type=int, default=2)
    parser.add_argument("--action-replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=5005, help="the public entry point (nginx)")
    parser.add_argument("--action-port", type=int, default=5055, help="nginx's loopback-only action upstream")
    parser.add_argument("--model", default=str(ROOT / "models" / "flarecare.tar.gz"))
    args = parser.parse_args(argv)
    if args.rasa_replicas < 1 or args.action_replicas < 1:
        parser.error("at least one replica of each")

    nginx = find_nginx()
    configured = settings.load_or_exit()  # a wrong value stops here, by name, before anything starts
    bind = configured.bind
    try:
        from_environment()  # a wrong clinic-hours setting stops here, not at a patient's hand-off
    except ClinicHoursError as error:
        raise SystemExit(f"clinic hours: {error}") from None
    database_url = configured.database_url or DEFAULT_DATABASE_URL
    redis_url = configured.redis_url or DEFAULT_REDIS_URL
    # Production's databases unless others are named, for this process and every replica it starts.
    os.environ.update(FLARECARE_DATABASE_URL=database_url, FLARECARE_REDIS_URL=redis_url)
    ensure_service("PostgreSQL", database_url, postgres_ready, START_POSTGRES)
    ensure_database(database_url)
    ensure_service("Redis", redis_url, redis_ready, START_REDIS)
    prepare_storage()
    create_rasa_tables(database_url)

    endpoints = write_endpoints(args.action_port)
    credentials = data_dir() / "credentials.yml"
    for note in write_credentials(credentials):
        print(f"messaging: {note}", flush=True)
    token = auth_token()
    env = server_env("127.0.0.1")  # replicas and action servers: loopback only, behind nginx
    rasa_ports = [free_port() for _ in range(args.rasa_replicas)]
    action_ports = [free_port() for _ in range(args.action_replicas)]
    conf = render_nginx_conf(data_dir() / "nginx", bind, args.port, args.action_port, rasa_ports, action_ports)

    started = time.monotonic()
    processes: List[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        for port in action_ports:
            processes.append(subprocess.Popen(action_command(port), cwd=ROOT, env=env))
        for port in rasa_ports:
            processes.append(subprocess.Popen(
                rasa_command(token, "127.0.0.1", port, args.model, endpoints, credentials), cwd=ROOT, env=env,
            ))
        processes.append(subprocess.Popen(
            [nginx, "-p", str(conf.parent), "-c", str(conf), "-e", str(conf.parent / "error.log")], cwd=ROOT,
        ))
        for port in action_ports:
            wait_until_ready(f"http://127.0.0.1:{port}/health", 120, processes)
        for port in rasa_ports:
            wait_until_ready(f"http://127.0.0.1:{port}/status?token={token}", 1200, processes)
        entry = f"http://{bind}:{args.port}"
        wait_until_ready(f"{entry}/status?token={token}", 30, processes)
        print(f"\nFlareCare (production) is ready after {time.monotonic() - started:.1f}s.", flush=True)
        print(f"  Entry point (nginx):   {entry}  — REST /webhooks/rest/webhook, socket.io /socket.io/, HTTP API",
              flush=True)
        print(f"  Rasa replicas:         {' '.join(f'http://127.0.0.1:{p}' for p in rasa_ports)}", flush=True)
        print(f"  Action servers:        {' '.join(f'http://127.0.0.1:{p}' for p in action_ports)}"
              f" behind http://127.0.0.1:{args.action_port}/webhook", flush=True)
        print("  Press Ctrl-C to stop.", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        print("a server exited; stopping the others", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all(processes)


if __name__ == "__main__":
    sys.exit(main())
