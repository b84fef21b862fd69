"""harness.memory counts a process with all its descendants: the benchmark's memory figure relies on it."""
import subprocess
import sys

from harness.memory import PeakRss, tree_pids, tree_rss_mb

# A child that starts a grandchild and waits for it: a tree of two processes below the test.
TREE = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import time; time.sleep(30)'])"


def test_a_process_tree_is_counted_whole():
    parent = subprocess.Popen([sys.executable, "-c", TREE])
    pids = [parent.pid]
    try:
        for _ in range(100):  # the grandchild appears once the child has started it
            pids = tree_pids(parent.pid)
            if len(pids) == 2:
                break
            subprocess.run(["sleep", "0.1"])
        assert pids[0] == parent.pid and len(pids) == 2
        alone = tree_rss_mb(pids[1])
        assert tree_rss_mb(parent.pid) > alone > 1  # both Pythons, each several MiB
        with PeakRss([parent.pid], interval=0.05) as peak:
            subprocess.run(["sleep", "0.3"])
        assert peak.peak >= alone
    finally:
        for pid in reversed(pids):
            subprocess.run(["kill", "-9", str(pid)], stderr=subprocess.DEVNULL)
        parent.wait()
    assert tree_rss_mb(parent.pid) == 0  # a finished process holds nothing
