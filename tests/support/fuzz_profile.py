"""How hard the fuzz tests try.

`make test` runs a fixed, derandomised number of examples per test, so a CI run
is repeatable and short. FLARECARE_FUZZ_EXAMPLES=N runs N random examples per
test instead, for a longer hunt (e.g. `FLARECARE_FUZZ_EXAMPLES=2000 .venv/bin/pytest -k fuzz tests`).
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG_RUN = int(os.environ.get("FLARECARE_FUZZ_EXAMPLES") or 0)


def fuzz(examples: int) -> settings:
    """Settings for one fuzz test: ``examples`` in CI, FLARECARE_FUZZ_EXAMPLES when set."""
    return settings(
        max_examples=LONG_RUN or examples,
        derandomize=not LONG_RUN,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
    )
