"""The servers `make run` starts run one BLAS thread each (scripts/serve.py, server_env)."""
from __future__ import annotations

from pathlib import Path

from harness.memory import server_pids


def _environment(pid: int) -> dict:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def test_rasa_and_action_servers_run_one_blas_thread(assistant):
    servers = server_pids(assistant.process.pid)
    assert set(servers) == {"rasa", "actions"}, servers
    for name, pid in servers.items():
        assert _environment(pid).get("OPENBLAS_NUM_THREADS") == "1", name
