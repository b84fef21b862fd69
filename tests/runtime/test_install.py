"""runtime.install(): the only switch for FlareCare's Rasa patches, and only on the pinned Rasa.

Each check runs in a fresh interpreter: this test process may already hold the
patches (tests/runtime/test_hot_paths.py installs some), and a process that has
them cannot show that an import did not put them in place.
"""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest
import rasa

from runtime.versions import PINNED_RASA, UnsupportedRasaVersion
from tests.conftest import ROOT

# Prints, for each method the runtime patches, whether it is still Rasa's own.
RASA_ORIGINALS = """
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.shared.core.events import Event
from rasa.utils.tensorflow.models import RasaModel

ORIGINALS = {
    "RemoteAction.run": RemoteAction.__dict__["run"],
    "RemoteAction._validate_action_result": RemoteAction.__dict__["_validate_action_result"],
    "Event.resolve_by_type": Event.__dict__["resolve_by_type"],
    "RasaModel.load": RasaModel.__dict__["load"],
    "Agent._create_tracker_store": Agent.__dict__["_create_tracker_store"],
}
OWNERS = {"RemoteAction": RemoteAction, "Agent": Agent, "Event": Event, "RasaModel": RasaModel}

def patched():
    return sorted(name for name, original in ORIGINALS.items()
                  if OWNERS[name.split(".")[0]].__dict__[name.split(".")[1]] is not original)
"""


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RASA_ORIGINALS + textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_importing_the_policy_and_the_runtime_patches_nothing():
    result = run_python("""
        import components.red_flag_policy, runtime, runtime.tracker_store, runtime.outage_channels
        print("patched:", patched())
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "patched: []" in result.stdout


def test_install_puts_every_patch_in_place_once():
    result = run_python("""
        import runtime
        runtime.install()
        first = {name: getattr(OWNERS[name.split(".")[0]], name.split(".")[1]) for name in ORIGINALS}
        runtime.install()
        again = {name: getattr(OWNERS[name.split(".")[0]], name.split(".")[1]) for name in ORIGINALS}
        print("patched:", patched(), "same:", first == again, "installed:", runtime.installed())
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"patched: {sorted(['RemoteAction.run', 'RemoteAction._validate_action_result', 'Event.resolve_by_type', 'RasaModel.load', 'Agent._create_tracker_store'])} same: True installed: True" in result.stdout


def test_install_refuses_another_rasa_version_and_patches_nothing():
    result = run_python("""
        import rasa, runtime
        from runtime.versions import UnsupportedRasaVersion
        rasa.__version__ = "3.6.20"
        try:
            runtime.install()
        except UnsupportedRasaVersion as error:
            print("refused:", error)
        print("patched:", patched(), "installed:", runtime.installed())
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"refused: FlareCare's Rasa overrides (runtime/) were written and tested against Rasa {PINNED_RASA}, " \
           "and this is Rasa 3.6.20." in result.stdout
    assert "patched: [] installed: False" in result.stdout


def test_the_entry_point_stops_with_the_error_on_another_rasa():
    result = run_python("""
        import rasa
        from runtime.__main__ import main
        rasa.__version__ = "3.7.0"
        main(["run", "--enable-api"])
    """)
    assert result.returncode == 1
    assert "python -m runtime: FlareCare's Rasa overrides" in result.stderr and "Rasa 3.7.0" in result.stderr


def test_the_entry_point_hands_its_arguments_to_rasas_cli():
    result = subprocess.run([sys.executable, "-m", "runtime", "--version"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(rf"Rasa Version\s*:\s*{re.escape(PINNED_RASA)}", result.stdout)


def test_the_tracker_store_refuses_another_rasa_too(monkeypatch, tmp_path):
    from runtime.tracker_store import FlareCareTrackerStore

    monkeypatch.setattr(rasa, "__version__", "3.6.20")
    with pytest.raises(UnsupportedRasaVersion, match="this is Rasa 3.6.20"):
        FlareCareTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))


@pytest.mark.parametrize("requirements", ["requirements.in", "requirements.lock"])
def test_the_pin_checked_is_the_pin_installed(requirements):
    assert f"rasa=={PINNED_RASA}\n" in (ROOT / requirements).read_text()
    assert rasa.__version__ == PINNED_RASA


def test_the_tracker_store_says_what_plain_rasa_run_lacks(monkeypatch, tmp_path, caplog):
    import runtime
    from runtime.tracker_store import FlareCareTrackerStore

    monkeypatch.setattr(runtime, "_installed", False)
    store = FlareCareTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))
    store.engine.dispose()
    assert "not the bounded wait for actions or the outage replies" in caplog.text
    assert "python -m runtime run" in caplog.text
