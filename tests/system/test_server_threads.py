"""The servers `make run` starts run one BLAS thread each (scripts/serve.py, server_env)."""
from __future__ import annotations

from pathlib import Path

from harness.memory import tree_pids


def _environment(pid: int) -> dict:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def _command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")


def test_rasa_and_action_servers_run_one_blas_thread(assistant):
    servers = {pid: _command(pid) for pid in tree_pids(assistant.process.pid) if pid != assistant.process.pid}
    rasa = [pid for pid, command in servers.items() if "-m runtime run" in command]
    actions = [pid for pid, command in servers.items() if "run actions" in command]
    assert rasa and actions, servers
    for pid in rasa + actions:
        assert _environment(pid).get("OPENBLAS_NUM_THREADS") == "1", servers[pid]
