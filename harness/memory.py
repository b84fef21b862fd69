"""Resident memory of process trees, read from /proc (Linux)."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Dict, List, Sequence


def _children() -> Dict[int, List[int]]:
    tree: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_pids(root_pid: int) -> List[int]:
    """A process and all its descendants."""
    tree, found, todo = _children(), [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def server_pids(root_pid: int) -> Dict[str, int]:
    """{'rasa': pid, 'actions': pid}: the servers under scripts/serve.py, told apart by their command lines."""
    found: Dict[str, int] = {}
    for pid in tree_pids(root_pid):
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"run" in args and b"actions" in args:
            found["actions"] = pid
        elif b"run" in args and b"--enable-api" in args:
            found["rasa"] = pid
    return found


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB."""
    total = 0
    for pid in tree_pids(root_pid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class PeakRss:
    """Samples the summed RSS of process trees every ``interval`` seconds while in a ``with`` block."""

    def __init__(self, root_pids: Sequence[int], interval: float = 0.25) -> None:
        self.root_pids, self.interval, self.peak = list(root_pids), interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(tree_rss_mb(pid) for pid in self.root_pids))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
