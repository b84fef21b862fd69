"""The committed endpoints.yml builds the project's tracker store the way `rasa run` builds it."""
from __future__ import annotations

from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import read_endpoint_config

from runtime.tracker_store import FlareCareTrackerStore
from tests.conftest import ROOT


def build_store(endpoints) -> FlareCareTrackerStore:
    return create_tracker_store(read_endpoint_config(str(endpoints), "tracker_store"), Domain.empty())


def test_the_committed_endpoints_name_the_flarecare_store_in_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("FLARECARE_DATABASE_URL", raising=False)
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path))
    store = build_store(ROOT / "endpoints.yml")
    assert isinstance(store, FlareCareTrackerStore)
    assert store.engine.url.database == str(tmp_path / "tracker.db")
    store.engine.dispose()


def test_settings_in_the_endpoints_file_may_come_from_the_environment(monkeypatch, tmp_path):
    # Rasa expands ${VAR} in endpoint files: how a deployment keeps PostgreSQL's password out of the file.
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: runtime.tracker_store.FlareCareTrackerStore\n"
                         "  dialect: sqlite\n  db: ${FLARECARE_TEST_TRACKER_DB}\n")
    monkeypatch.setenv("FLARECARE_TEST_TRACKER_DB", str(tmp_path / "from-the-environment.db"))
    store = build_store(endpoints)
    assert store.engine.url.database == str(tmp_path / "from-the-environment.db")
    store.engine.dispose()
