"""Dosing figures for the patient and the clinician: information, never an instruction.

Bands, course target and the early-flare note follow DESIGN.md ("Dosing figures"):
usual dose 0.5–1.0 mg/kg/day (EU/US labels), Chinese guideline 0.25–0.5; a course
usually reaches 120–150 mg/kg cumulative (Bagatin & Costa 2020; Chinese expert
consensus). A low start (≤ 0.2 mg/kg/day) reduced early flares (Borghi et al. 2009).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

DAYS_PER_WEEK = 7
COURSE_TARGET_MG_PER_KG = (120.0, 150.0)
HIGH_START_MG_PER_KG_DAY = 0.5
# Flares in the first 12 weeks count as early, matching triage protocol v1.
EARLY_FLARE_LAST_WEEK = 12.0

# (upper bound exclusive, band) in mg/kg/day; the last band is open-ended.
BANDS = (
    (0.25, "low"),
    (0.5, "low_standard"),
    (1.0 + 1e-9, "standard"),  # 1.0 itself is still within the usual range
    (float("inf"), "above_usual"),
)

BAND_LABELS = {
    "low": "a low dose (under 0.25 mg/kg/day)",
    "low_standard": "a low-standard dose (0.25–0.5 mg/kg/day)",
    "standard": "a standard dose (0.5–1.0 mg/kg/day)",
    "above_usual": "above the usual range (over 1.0 mg/kg/day)",
}


@dataclass(frozen=True)
class DosingSummary:
    mg_per_kg_day: float
    band: str
    cumulative_mg_per_kg: Optional[float]
    course_fraction: Optional[float]  # of the lower course target (120 mg/kg)
    above_usual: bool
    early_flare_high_start: bool


def mg_per_kg_day(daily_dose_mg: float, weight_kg: float) -> float:
    if weight_kg <= 0 or daily_dose_mg < 0:
        raise ValueError("dose must be ≥ 0 mg and weight > 0 kg")
    return daily_dose_mg / weight_kg


def dose_band(dose_mg_per_kg_day: float) -> str:
    for upper, band in BANDS:
        if dose_mg_per_kg_day < upper:
            return band
    raise AssertionError("unreachable: the last band is open-ended")


def cumulative_mg_per_kg(daily_dose_mg: float, weight_kg: float, treatment_weeks: float) -> float:
    """Estimate assuming the current dose was taken every day since the start."""
    if treatment_weeks < 0:
        raise ValueError("treatment weeks must be ≥ 0")
    return mg_per_kg_day(daily_dose_mg, weight_kg) * treatment_weeks * DAYS_PER_WEEK


def summarise(
    daily_dose_mg: float,
    weight_kg: float,
    treatment_week: Optional[float] = None,
    flare_duration_weeks: Optional[float] = None,
) -> DosingSummary:
    per_kg = mg_per_kg_day(daily_dose_mg, weight_kg)
    cumulative = None
    fraction = None
    if treatment_week is not None:
        cumulative = cumulative_mg_per_kg(daily_dose_mg, weight_kg, treatment_week)
        fraction = cumulative / COURSE_TARGET_MG_PER_KG[0]
    return DosingSummary(
        mg_per_kg_day=per_kg,
        band=dose_band(per_kg),
        cumulative_mg_per_kg=cumulative,
        course_fraction=fraction,
        above_usual=dose_band(per_kg) == "above_usual",
        early_flare_high_start=(
            per_kg >= HIGH_START_MG_PER_KG_DAY
            and is_early_flare(treatment_week, flare_duration_weeks)
        ),
    )


def is_early_flare(treatment_week: Optional[float], flare_duration_weeks: Optional[float]) -> bool:
    """True when the flare began within the first 12 weeks of treatment."""
    onset = flare_onset_week(treatment_week, flare_duration_weeks)
    return onset is not None and onset <= EARLY_FLARE_LAST_WEEK


def flare_onset_week(
    treatment_week: Optional[float], flare_duration_weeks: Optional[float]
) -> Optional[float]:
    """The treatment week the flare started in; a flare older than the course started at week 0."""
    if treatment_week is None:
        return None
    return max(0.0, treatment_week - (flare_duration_weeks or 0.0))
