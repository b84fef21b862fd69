"""Start the real assistant from outside, as a patient's client sees it: shared by the tests,
the benchmark (scripts/benchmark.py) and the reports (scripts/triage_report.py).

Nothing here is imported by the assistant itself.
"""
from harness.assistant import (
    MODEL,
    ROOT,
    Assistant,
    free_port,
    new_sender,
    start_assistant,
    stop_assistant,
    stop_process_group,
    texts,
)
from harness.memory import PeakRss, tree_rss_mb

__all__ = [
    "MODEL", "ROOT", "Assistant", "PeakRss", "free_port", "new_sender", "start_assistant", "stop_assistant",
    "stop_process_group", "texts", "tree_rss_mb",
]
