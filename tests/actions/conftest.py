"""Action tests: real actions, a real SQLite database in tmp_path, JSON tracker fixtures."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge.loader import load_articles
from storage.database import migrate, session_scope

TRACKERS = Path(__file__).parent / "trackers"


@pytest.fixture
def database(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'flarecare.db'}"
    monkeypatch.setenv("FLARECARE_DATABASE_URL", url)
    migrate(url)
    with session_scope(url) as session:
        load_articles(session)
    return url


def tracker_from(name: str, **changes: Any) -> Tracker:
    """A tracker from tests/actions/trackers/<name>.json with top-level keys or slots replaced."""
    data: Dict[str, Any] = json.loads((TRACKERS / f"{name}.json").read_text())
    data = copy.deepcopy(data)
    data["slots"].update(changes.pop("slots", {}))
    data.update(changes)
    return Tracker(
        data["sender_id"], data["slots"], data["latest_message"], data["events"], data["paused"],
        data["followup_action"], data["active_loop"], data["latest_action_name"],
    )


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
