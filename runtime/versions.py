"""The one Rasa release FlareCare's overrides were written against, and the check that refuses any other.

The patches replace Rasa methods by name and the tracker store overrides a
private one; on another release they could import and run and still be wrong
(a renamed argument, a changed return). So they are checked against the exact
pin of requirements.in, not a range. rasa_sdk is not checked: nothing here
touches it (the action server runs unchanged).
"""
from __future__ import annotations

PINNED_RASA = "3.6.21"


class UnsupportedRasaVersion(RuntimeError):
    """Raised instead of running FlareCare's overrides on a Rasa they were not checked against."""


def require_pinned_rasa() -> None:
    import rasa  # here, not at import: this module is read by tests and the entry point before Rasa loads

    if rasa.__version__ != PINNED_RASA:
        raise UnsupportedRasaVersion(
            f"FlareCare's Rasa overrides (runtime/) were written and tested against Rasa {PINNED_RASA}, "
            f"and this is Rasa {rasa.__version__}. Install the pinned version (pip install -r requirements.lock), "
            f"or re-check every override listed in the README's \"Architecture\" and change PINNED_RASA "
            f"in runtime/versions.py."
        )
