"""Shared fixtures. The `assistant` fixture starts the real servers (harness/: scripts/serve.py on free ports)."""
from __future__ import annotations

import pytest

# Re-exported: the test modules import these names from here.
from harness import (  # noqa: F401
    MODEL,
    ROOT,
    Assistant,
    free_port,
    new_sender,
    start_assistant,
    stop_assistant,
    texts,
)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Assistant:
    running = start_assistant(tmp_path_factory.mktemp("assistant"))
    yield running
    stop_assistant(running)
