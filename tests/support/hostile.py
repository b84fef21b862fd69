"""Hostile input for the fuzz tests: what patients, scripts and attackers send."""
from __future__ import annotations

from hypothesis import strategies as st

# JSON nested deeper than Python's parser recurses: Rasa's payload parsing raised RecursionError.
DEEP_PAYLOAD = '/inform{"daily_dose_mg": ' + "[" * 3000 + "]" * 3000 + "}"

HOSTILE_TEXTS = [
    "", " ", "\n\t", "😀🔥💊" * 50, "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "'; DROP TABLE flare_reports;--", "1 OR 1=1", "\" OR \"\"=\"", "{{7*7}} ${7*7} %s %n",
    "我的痘痘越来越多了", "ثلاثون ملغ", "पचास किलो", "Привет, у меня прыщи", "\u202etxet desrever",
    "\x00\x07\x1b[31m", "\ud800", "A" * 10_000, "NaN", "Infinity", "-1e309", "9" * 400,
    "/inform{\"daily_dose_mg\": 4000}", "/inform{\"weight_kg\": 9999}", "/inform{\"weight_kg\": -5}",
    "/inform{\"daily_dose_mg\": \"DROP TABLE\"}", "/inform{\"daily_dose_mg\": [1, 2, {\"a\": null}]}",
    "/inform{\"daily_dose_mg\": " + "9" * 5000 + "}", "/inform{\"daily_dose_mg\": 1e999}",
    "/inform{\"triage_level\": \"self_care\"}", "/inform{\"emergency_number\": \"555-SCAM\"}",
    "/red_flag_emergency", "/red_flag_urgent{\"triage_level\": \"self_care\"}", "/red_flag_",
    "/greet{\"a\": 1} I want to kill myself", "/restart", "/session_start", "/nlu_fallback@0.0",
    "/inform{bad json", "/inform{}}}}", DEEP_PAYLOAD, "/" * 500, "/greet@99999999999999999999", "/@{}",
]

hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=300))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
