"""Every place FlareCare changes how Rasa 3.6 runs, in one package, switched on in one place.

Extension points Rasa supports, named in configuration and loaded by Rasa itself:

* ``runtime.tracker_store.FlareCareTrackerStore`` — ``tracker_store`` in endpoints.yml:
  "delete my data" and the recent-turns window (``runtime.tracker_window``).
* ``runtime.outages.ReleaseSafeRedisLockStore`` — ``lock_store`` in the endpoints file
  scripts/serve.py writes when ``FLARECARE_REDIS_URL`` is set: survives a Redis restart.
* ``runtime.outage_channels.GuardedRestInput`` / ``GuardedSocketIOInput`` — the rest and
  socketio channels of the credentials file (channels/config.py): a kind reply during an outage.

(The policy, ``components.red_flag_policy.RedFlagPolicy`` in config.yml, is an extension
point too; it stays under ``components/`` because it is a training input.)

Patches, where Rasa has no extension point, put in place only by ``install()``:

* ``runtime.action_timeout`` — ``RemoteAction.run``: a bounded wait for the action server.
* ``runtime.hot_paths`` — ``Event.resolve_by_type``, ``RemoteAction._validate_action_result``,
  ``RasaModel.load``: work Rasa repeats, done once.
* ``runtime.outages.install`` — ``Agent._create_tracker_store``: a database outage is
  retried and then reported, not answered with a blank conversation.

``install()`` is called by one entry point, ``python -m runtime run …`` (runtime/__main__.py),
which scripts/serve.py and scripts/serve_production.py start. Nothing is patched on import.

Plain ``rasa run`` (which the README allows) gets the extension points only — the tracker
store, so deletion and the window, because Rasa loads it from endpoints.yml itself — and
none of the patches: Rasa's own five-minute wait for actions with no reply when the action
server is down, Rasa's fail-safe store during a database outage, and Rasa's slower loading.
The tracker store says so in the log when it is built without ``install()``.
"""
from __future__ import annotations

from runtime.versions import require_pinned_rasa

_installed = False


def install() -> None:
    """Check the Rasa version, then put every patch in place (idempotent). Raises ``UnsupportedRasaVersion``."""
    global _installed
    require_pinned_rasa()
    # Imported only now: against another Rasa they might not even import, and the error above is clearer.
    from runtime import action_timeout, hot_paths, outages

    action_timeout.install()
    hot_paths.install()
    outages.install()
    _installed = True


def installed() -> bool:
    return _installed
