"""How long conversations and records are kept: ``settings.load().retention_days``
(``FLARECARE_RETENTION_DAYS``, default 180; settings.py refuses a value that is not a whole
number of days ≥ 1).

180 days covers a whole isotretinoin course (usually 16–24 weeks), so a patient
coming back later in their course is still greeted with their last flare
report; the clinic's own record is the hand-off it received, not this store.

``scripts/serve.py`` purges at start and then every ``PURGE_INTERVAL_S`` (one
hour: data is never more than an hour past its date, and the purge is a few
indexed deletes). Replicas started another way run ``python -m clinic purge``
from cron (README, "Privacy and security").
"""
from __future__ import annotations

import threading

from storage.erasure import configured_tracker, describe, purge

PURGE_INTERVAL_S = 3600.0


def purge_expired(days: int) -> str:
    """Purge everything older than ``days`` from the configured stores; a one-line summary of counts."""
    return describe(purge(days, tracker=configured_tracker()))


def start_periodic_purge(days: int, interval_s: float = PURGE_INTERVAL_S) -> threading.Event:
    """Purge every ``interval_s`` in a daemon thread until the returned event is set.

    A failed purge (database briefly away) is reported and retried at the next tick.
    """
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval_s):
            try:
                print(f"retention: purged rows: {purge_expired(days)}", flush=True)
            except Exception as error:  # noqa: BLE001 - keep purging later; the servers stay up
                print(f"retention: purge failed ({type(error).__name__}); retrying in {interval_s:.0f}s", flush=True)

    threading.Thread(target=loop, name="retention-purge", daemon=True).start()
    return stop
