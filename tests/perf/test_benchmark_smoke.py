"""The benchmark script runs end to end (tiny numbers; the figures themselves are not judged here)."""
import re
import subprocess
import sys

from tests.conftest import ROOT


def test_benchmark_runs_and_prints_its_targets():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark.py"),
         "--patients", "2", "--length", "10", "--skip-training", "--skip-bare"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"FlareCare\s+18 msgs", result.stdout)  # 2 patients x (FAQ + opening + 7 form answers)
    for target in ("server ready", "latency growth, message 1-10 vs 1-10"):
        assert target in result.stdout
    assert "load average at end" in result.stdout
