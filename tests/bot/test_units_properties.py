"""Property tests for bot.units: arbitrary text never raises, results stay within LIMITS,
unit conversions round-trip, and what we write the way patients do reads back exactly."""
from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.units import (
    LIMITS,
    extract_quantities,
    parse_dose_mg,
    parse_flare_extent,
    parse_temperature_c,
    parse_weeks,
    parse_weight_kg,
    parse_yes_no,
)

LB_KG = 0.45359237
PROBLEMS = {"empty", "no_number", "wrong_unit", "out_of_range", "ambiguous", "unclear"}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like answers: digits, units, number words and punctuation mixed with noise.
VOCAB = ["0", "1", "2", "9", "20", "38.5", "62,5", "-", "−", ".", ",", "/", "x", "×", "~", "½", "°", "'",
         "mg", "g", "mcg", "kg", "kilos", "lb", "lbs", "st", "stone", "c", "f", "degrees", "week", "weeks",
         "wk", "day", "days", "month", "months", "year", "fortnight", "a", "and", "half", "or", "to", "a few",
         "couple of", "twice", "daily", "a day", "every other day", "since", "the", "3rd", "mid-", "october",
         "may", "yesterday", "last week", "next", "twenty", "nine", "four", "hundred", "thousand", "point",
         "yes", "no", "not", "but", "fever", "temp of", "capsule", "now", "was", "total", "between", "in",
         "accutane", "spots", "for", "ago", "e", "1e309", "nan", "inf", " ", "  ", "\n", "😀"]
answers = st.lists(st.sampled_from(VOCAB), max_size=12).map(lambda ws: " ".join(ws))
any_text = st.one_of(st.text(max_size=200), answers)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def check(parsed):
    assert parsed.detail != "internal_error", "a parser hit its last-resort exception guard"
    assert parsed.problem is None or parsed.problem in PROBLEMS
    assert parsed.ok == (parsed.problem is None)
    assert (parsed.value is None) == (parsed.problem is not None)  # never a value with a problem
    return parsed


@SETTINGS
@given(any_text, days)
def test_arbitrary_text_never_raises_and_values_stay_in_limits(text, today):
    dose = check(parse_dose_mg(text))
    if dose.ok:
        assert LIMITS["dose_mg"][0] < dose.value <= LIMITS["dose_mg"][1]
    weight = check(parse_weight_kg(text))
    if weight.ok:
        assert LIMITS["weight_kg"][0] <= weight.value <= LIMITS["weight_kg"][1]
    weeks = check(parse_weeks(text, today))
    if weeks.ok:
        assert LIMITS["weeks"][0] <= weeks.value <= LIMITS["weeks"][1]
    temp = check(parse_temperature_c(text))
    if temp.ok:
        assert 33.9 <= temp.value <= 43.3  # 34–43 °C, or 93–110 °F converted
    assert check(parse_yes_no(text)).value in (None, True, False)
    assert check(parse_flare_extent(text)).value in (None, "mild", "moderate", "severe")


@SETTINGS
@given(any_text, days)
def test_extraction_never_raises_and_points_into_the_text(text, today):
    for q in extract_quantities(text, today):
        assert q.kind in ("dose", "weight", "duration", "temperature")
        assert q.role in (None, "treatment", "flare")
        assert q.role is None or q.kind == "duration"
        assert 0 <= q.start < q.end <= len(text)
        assert q.value >= 0 and not math.isnan(q.value)


@SETTINGS
@given(st.floats(min_value=25, max_value=300))
def test_kg_to_lb_to_kg_round_trip(kg):
    pounds = kg / LB_KG
    back = parse_weight_kg(f"{pounds:.3f} lbs")
    assert back.ok and abs(back.value - kg) <= 0.01


@SETTINGS
@given(st.integers(min_value=2, max_value=47), st.integers(min_value=0, max_value=13),
       st.sampled_from(["{s}st {p}lb", "{s} stone {p}", "{s}st{p}", "{s} St {p} lbs", "{s} stone and {p} pounds"]))
def test_stones_and_pounds(stones, pounds, form):
    kg = (stones * 14 + pounds) * LB_KG
    parsed = parse_weight_kg(form.format(s=stones, p=pounds))
    if 25 <= round(kg, 2) <= 300:
        assert parsed.value == round(kg, 2)
    else:
        assert parsed.problem == "out_of_range" and parsed.detail == "kg"


@SETTINGS
@given(st.floats(min_value=25, max_value=300).map(lambda v: round(v, 1)),
       st.sampled_from(["{}", "{}kg", "{} kg", "{} kilos", "about {}kg", "{} KG.", "~{} kg"]),
       st.booleans())
def test_kg_as_typed(kg, form, decimal_comma):
    text = form.format(kg)
    if decimal_comma:
        text = text.replace(".", ",", 1) if "." in f"{kg}" else text
    assert parse_weight_kg(text).value == kg


@SETTINGS
@given(st.floats(min_value=300.01, max_value=1e12), st.sampled_from(["kg", "", " kilos"]))
def test_impossible_weights_are_reported_not_clamped(kg, unit):
    assert parse_weight_kg(f"{kg:.2f}{unit}") == parse_weight_kg("900 kg")
    assert parse_weight_kg(f"-{kg:.2f}{unit}").problem == "out_of_range"


@SETTINGS
@given(st.floats(min_value=200.05, max_value=1e12))
def test_impossible_doses_are_reported_not_clamped(mg):
    parsed = parse_dose_mg(f"{mg:.1f} mg")
    assert parsed.problem == "out_of_range" and parsed.detail == "mg" and parsed.value is None


# ------------------------------------------------------------------- numbers written out

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
       "sixteen seventeen eighteen nineteen".split()
TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty",
        90: "ninety"}


def words(n: int, joiner: str = " ") -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens * 10] + (joiner + ONES[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    return ONES[hundreds] + " hundred" + (" and " + words(rest, joiner) if rest else "")


@SETTINGS
@given(st.integers(min_value=1, max_value=200), st.sampled_from([" ", "-"]),
       st.sampled_from(["{} milligrams", "{} mg", "{}mg", "{}", "{} MG a day"]))
def test_doses_in_words_and_digits(n, joiner, form):
    assert parse_dose_mg(form.format(n)).value == n
    spaced = form.replace("{}mg", "{} mg")  # a number word glued to its unit is not an answer
    assert parse_dose_mg(spaced.format(words(n, joiner))).value == n


@SETTINGS
@given(st.integers(min_value=1, max_value=100), st.integers(min_value=1, max_value=4))
def test_dose_count_times_strength(strength, count):
    expected = strength * count
    for text in (f"{count}x{strength}mg", f"{count} x {strength} mg", f"{strength}mg x {count}",
                 f"{strength}mg {count} times a day", f"{count} capsules of {strength}mg"):
        parsed = parse_dose_mg(text)
        if expected <= 200:
            assert parsed.value == expected, text
        else:
            assert parsed.problem == "out_of_range", text


@SETTINGS
@given(st.integers(min_value=0, max_value=104),
       st.sampled_from(["{}", "{} weeks", "{} wks", "about {} weeks", "week {}", "{} weeks in", "~{}w"]))
def test_weeks_as_typed(n, form):
    assert parse_weeks(form.format(n), date(2024, 11, 26)).value == n
    spaced = form.replace("{}w", "{} w")  # a number word glued to its unit is not an answer
    assert parse_weeks(spaced.format(words(n)), date(2024, 11, 26)).value == n


@SETTINGS
@given(st.integers(min_value=0, max_value=728))
def test_days_become_weeks(n):
    assert parse_weeks(f"{n} days", date(2024, 11, 26)).value == round(n / 7, 1)


@SETTINGS
@given(days, st.integers(min_value=0, max_value=700))
def test_since_a_date_counts_back_to_today(today, back):
    start = today - timedelta(days=back)
    expected = round(back / 7, 1)
    for text in (f"since {start.day} {start.strftime('%B')} {start.year}",
                 f"since {start.strftime('%B')} {start.day}, {start.year}",
                 f"since {start.isoformat()}"):
        parsed = parse_weeks(text, today)
        if expected <= 104:
            assert parsed.value == expected, text
        else:
            assert parsed.problem == "out_of_range", text


@SETTINGS
@given(days, st.integers(min_value=1, max_value=400))
def test_a_future_date_is_out_of_range(today, ahead):
    later = today + timedelta(days=ahead)
    assume(later.year <= 2099)
    assert parse_weeks(f"since {later.isoformat()}", today) == parse_weeks("tomorrow", today)


@SETTINGS
@given(st.integers(min_value=340, max_value=430))
def test_temperatures_celsius(tenths):
    c = tenths / 10
    for text in (f"{c}", f"{c}C", f"{c} °C", f"temp of {c}", f"{c}".replace(".", ",")):
        assert parse_temperature_c(text).value == c, text


@SETTINGS
@given(st.integers(min_value=930, max_value=1100))
def test_temperatures_fahrenheit(tenths):
    f = tenths / 10
    expected = round((f - 32) * 5 / 9, 1)
    for text in (f"{f}F", f"{f} degrees F", f"{f} fahrenheit", f"{f}"):
        assert parse_temperature_c(text).value == expected, text
