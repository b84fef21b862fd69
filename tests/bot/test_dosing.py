import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dosing import cumulative_mg_per_kg, dose_band, flare_onset_week, is_early_flare, mg_per_kg_day, summarise


@pytest.mark.parametrize("per_kg,band", [
    (0.0, "low"), (0.2, "low"), (0.2499, "low"),
    (0.25, "low_standard"), (0.4999, "low_standard"),
    (0.5, "standard"), (0.75, "standard"), (1.0, "standard"),
    (1.0001, "above_usual"), (2.0, "above_usual"),
])
def test_bands_and_their_boundaries(per_kg, band):
    assert dose_band(per_kg) == band


def test_mg_per_kg_day():
    assert mg_per_kg_day(40, 80) == pytest.approx(0.5)


@pytest.mark.parametrize("dose,weight", [(40, 0), (40, -60), (-1, 60)])
def test_impossible_inputs_raise(dose, weight):
    with pytest.raises(ValueError):
        mg_per_kg_day(dose, weight)


def test_cumulative_estimate():
    # 40 mg/day at 80 kg for 10 weeks: 0.5 * 70 days = 35 mg/kg
    assert cumulative_mg_per_kg(40, 80, 10) == pytest.approx(35)


def test_summary_course_fraction_against_120():
    summary = summarise(40, 80, 10, 2)
    assert summary.course_fraction == pytest.approx(35 / 120)
    assert summary.band == "standard"
    assert not summary.above_usual


def test_early_flare_on_a_high_start_gets_the_note():
    assert summarise(40, 80, 6, 2).early_flare_high_start  # 0.5 mg/kg/day, flare from week 4


def test_low_start_gets_no_note():
    assert not summarise(20, 80, 6, 2).early_flare_high_start  # 0.25


def test_late_flare_gets_no_note():
    assert not summarise(60, 60, 20, 2).early_flare_high_start


def test_above_usual_flag():
    assert summarise(90, 60).above_usual


def test_onset_never_before_week_zero():
    assert flare_onset_week(3, 10) == 0.0
    assert flare_onset_week(None, 2) is None
    assert not is_early_flare(None, None)


@given(st.floats(0.5, 200), st.floats(25, 300), st.floats(0, 104))
def test_figures_are_finite_and_consistent(dose, weight, weeks):
    summary = summarise(dose, weight, weeks)
    assert math.isfinite(summary.mg_per_kg_day) and summary.mg_per_kg_day > 0
    assert summary.cumulative_mg_per_kg == pytest.approx(summary.mg_per_kg_day * weeks * 7)
    assert summary.above_usual == (summary.mg_per_kg_day > 1.0)
