"""A returning patient's flare: how long it has really lasted, triaged again.

The patient's last report is the starting point. If they say the flare is the
same or worse, it has been going on for the reported duration plus the time
since that report, and the treatment week moves on by the same amount; the
triage table then decides (a flare past 8 weeks across visits is doctor_soon).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Optional

from bot.triage import FlareFacts, TriageResult, triage

PROGRESS = ("better", "same", "worse")
DAYS_PER_WEEK = 7.0


def weeks_between(earlier: datetime, later: Optional[datetime] = None) -> float:
    later = later or datetime.now(timezone.utc)
    if earlier.tzinfo is None:  # SQLite returns naive UTC datetimes
        earlier = earlier.replace(tzinfo=timezone.utc)
    return max(0.0, (later - earlier).total_seconds() / 86400 / DAYS_PER_WEEK)


def ongoing_facts(previous: FlareFacts, weeks_since_report: float) -> FlareFacts:
    """The previous report moved forward in time, for a flare that has not gone."""
    return replace(
        previous,
        flare_duration_weeks=(previous.flare_duration_weeks or 0.0) + weeks_since_report,
        treatment_week=None if previous.treatment_week is None else previous.treatment_week + weeks_since_report,
    )


def follow_up_triage(previous: FlareFacts, weeks_since_report: float, progress: str) -> Optional[TriageResult]:
    """Triage of an unresolved flare; None when it is better (nothing to escalate)."""
    if progress not in PROGRESS:
        raise ValueError(f"progress must be one of {PROGRESS}")
    if progress == "better":
        return None
    return triage(ongoing_facts(previous, weeks_since_report))
