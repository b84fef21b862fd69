"""The benchmark script runs end to end (tiny numbers; the figures themselves are not judged here)."""
import re
import subprocess
import sys

from tests.conftest import ROOT


def test_benchmark_runs_and_prints_its_targets():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark.py"),
         "--patients", "2", "--conversations", "3", "--length", "20", "--skip-training", "--skip-bare"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # 3 conversations x (FAQ + opening + the form's 7 answers + thanks), none failed.
    assert re.search(r"FlareCare\s+30 msgs .* errors 0  no reply 0 ", result.stdout)  # every message answered
    assert re.search(r"pids \{'(rasa|actions)': \d+, '(rasa|actions)': \d+\}", result.stdout)  # both servers found
    for target in ("server ready: serve.py started to ready", "server ready: both servers launched to ready",
                   "long conversation: worst 20-message block vs 1-20",
                   "sentence encoder per message, 1 core (median)"):
        assert re.search(re.escape(target) + r".*(PASS|MISS)\s+load [0-9.]+", result.stdout), target
    assert "at end" in result.stdout
