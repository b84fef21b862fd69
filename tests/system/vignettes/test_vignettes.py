"""Clinical vignettes against the running assistant, and the runner's metrics on hand-made outcomes.

    .venv/bin/python -m pytest -q -s tests/system/vignettes     # -s shows the confusion matrix
"""
from __future__ import annotations

from datetime import date

import pytest

from harness.vignettes import (
    ACTUAL_COLUMNS,
    NONE,
    Outcome,
    confusion_matrix,
    format_matrix,
    format_metrics,
    format_misclassified,
    format_reason_recall,
    hints,
    load_cases,
    metrics,
    render,
    run_case,
    run_cases,
)


def test_vignettes_meet_the_triage_targets(assistant):
    outcomes = run_cases(assistant.say, assistant.tracker, load_cases())
    m = metrics(outcomes)
    report = "\n\n".join([
        "Confusion matrix (rows: expected, columns: actual)\n" + format_matrix(confusion_matrix(outcomes)),
        format_metrics(m),
        "Per-reason recall\n" + format_reason_recall(m),
        "Misclassified cases\n" + format_misclassified(outcomes),
    ])
    print("\n" + report)
    assert m.red_flag_recall == 1.0 and m.under_triage == 0 and m.over_triage_rate <= 0.02, (
        "triage targets missed: " + "; ".join(m.failed_targets()) + "\n\n" + report
    )
    # An urgent/emergency level recorded in a slot only counts if the patient was shown the escalation.
    assert not m.silent_escalation_ids, "escalations not shown: " + ", ".join(m.silent_escalation_ids) + "\n\n" + report


# --- The runner itself, on hand-made outcomes (fast, no servers) -----------------------------------
def _o(case_id, expected, actual, reasons=(), expected_reasons=()):
    """A hand-made outcome; an urgent/emergency one was shown to the patient."""
    reply = "\u26a0\ufe0f escalation" if actual in ("urgent", "emergency") else "a reply"
    return Outcome(case_id, expected, actual, tuple(reasons), tuple(expected_reasons), (("message", reply),))


HAND_MADE = [
    _o("e1", "emergency", "emergency", ["suicidal_thoughts"], ["suicidal_thoughts"]),
    _o("e2", "emergency", "urgent", ["blistering_rash"], ["blistering_skin_with_fever"]),  # under
    _o("u1", "urgent", "emergency", ["chest_pain", "pregnancy"], ["pregnancy"]),  # over
    _o("u2", "urgent", NONE, [], ["mood_change"]),  # under: no level at all
    _o("d1", "doctor_soon", "doctor_soon", ["flare_over_8_weeks"], ["flare_over_8_weeks"]),
    _o("d2", "doctor_soon", "doctor_soon", ["incomplete_information"], ["dose_above_range"]),
    _o("s1", "self_care", "self_care", ["early_mild_flare"], ["early_mild_flare"]),
    _o("s2", "self_care", "doctor_soon", ["severe_extent"], ["early_moderate_flare"]),  # over
]


def test_confusion_matrix_counts_every_outcome_including_none():
    matrix = confusion_matrix(HAND_MADE)
    assert list(matrix) == ["emergency", "urgent", "doctor_soon", "self_care"]
    assert all(list(row) == list(ACTUAL_COLUMNS) for row in matrix.values())
    assert matrix["emergency"] == {"emergency": 1, "urgent": 1, "doctor_soon": 0, "self_care": 0, NONE: 0}
    assert matrix["urgent"]["emergency"] == 1 and matrix["urgent"][NONE] == 1
    assert matrix["doctor_soon"]["doctor_soon"] == 2
    assert matrix["self_care"] == {"emergency": 0, "urgent": 0, "doctor_soon": 1, "self_care": 1, NONE: 0}
    assert sum(sum(row.values()) for row in matrix.values()) == len(HAND_MADE)


def test_metrics_on_hand_made_outcomes():
    m = metrics(HAND_MADE)
    assert (m.cases, m.correct) == (8, 4)
    # red-flag cases: e1 e2 u1 u2; caught (actual >= expected): e1, u1
    assert (m.red_flag_cases, m.red_flag_caught, m.red_flag_recall) == (4, 2, 0.5)
    assert m.under_triage == 2 and set(m.under_triage_ids) == {"e2", "u2"}
    assert m.over_triage == 2 and set(m.over_triage_ids) == {"u1", "s2"}
    assert m.over_triage_rate == pytest.approx(2 / 8)
    recall = {code: (r.found, r.expected) for code, r in m.per_reason.items()}
    assert recall == {
        "suicidal_thoughts": (1, 1), "blistering_skin_with_fever": (0, 1), "pregnancy": (1, 1),
        "mood_change": (0, 1), "flare_over_8_weeks": (1, 1), "dose_above_range": (0, 1),
        "early_mild_flare": (1, 1), "early_moderate_flare": (0, 1),
    }
    assert not m.targets_met and len(m.failed_targets()) == 3


def test_metrics_of_a_perfect_run_meet_the_targets():
    perfect = [_o(o.case_id, o.expected, o.expected, o.expected_reasons, o.expected_reasons) for o in HAND_MADE]
    m = metrics(perfect)
    assert m.red_flag_recall == 1.0 and m.under_triage == 0 and m.over_triage_rate == 0.0
    assert m.targets_met and all(r.recall == 1.0 for r in m.per_reason.values())
    assert metrics([]).red_flag_recall == 1.0  # no red-flag cases: nothing missed


def test_format_matrix_is_a_plain_text_table():
    text = format_matrix(confusion_matrix(HAND_MADE))
    lines = text.splitlines()
    assert lines[0].split(" | ")[0].strip() == "expected \\ actual"
    assert [cell.strip() for cell in lines[0].split("|")][1:] == list(ACTUAL_COLUMNS) + ["total"]
    urgent = next(line for line in lines if line.startswith("urgent"))
    assert [cell.strip() for cell in urgent.split("|")] == ["urgent", "1", "0", "0", "0", "1", "2"]
    assert lines[-1].split("|")[-1].strip() == "8"
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_run_case_reads_the_tracker_and_records_a_missing_level_as_none():
    said = []

    def say(sender, text):
        said.append((sender, text))
        return [{"text": "ok"}]

    slots = {"triage_level": None, "triage_reasons": None}
    case = {"id": "c1", "messages": ["hi", "since {date_ago:14}"], "expected_level": "urgent",
            "expected_reasons": ["pregnancy"], "note": ""}
    outcome = run_case(say, lambda sender: {"slots": slots}, case, today=date(2026, 3, 20))
    assert outcome.actual == NONE and outcome.under_triaged and outcome.reasons == ()
    assert [text for _, text in said] == ["hi", "since 6 March"]
    assert len({sender for sender, _ in said}) == 1 and said[0][0].startswith("vignette-c1-")

    slots.update(triage_level="urgent", triage_reasons=["pregnancy"])
    again = run_case(say, lambda sender: {"slots": slots}, case)
    assert again.actual == "urgent" and again.correct and not again.missing_reasons
    assert said[-1][0] != said[0][0]  # a fresh sender id per run


def test_a_level_recorded_without_an_escalation_reply_is_a_silent_escalation():
    shown = Outcome("a", "urgent", "urgent", ("mood_change",), ("mood_change",),
                    transcript=(("I hate myself", "\u26a0\ufe0f URGENT: please contact your prescriber today"),))
    silent = Outcome("b", "urgent", "urgent", ("mood_change",), ("mood_change",),
                     transcript=(("I hate myself", "Sorry, I didn't quite get that."),))
    self_care = Outcome("c", "self_care", "self_care", transcript=(("mild", "Common and usually settles."),))
    assert not shown.silent_escalation and silent.silent_escalation and not self_care.silent_escalation
    m = metrics([shown, silent, self_care])
    assert m.red_flag_recall == 1.0 and m.under_triage == 0  # the brief's targets alone would pass ...
    assert m.silent_escalation_ids == ("b",) and not m.targets_met  # ... but the patient never saw it
    assert "[SILENT] b" in format_misclassified([shown, silent, self_care])


def test_hints_point_at_a_flare_check_that_never_started_and_at_re_asks():
    never = Outcome("n", "self_care", NONE, transcript=(
        ("my breakout won't go away", "I'm sorry — I don't have a checked answer for that, and I'd rather not guess."),
        ("mild", "Sorry, I'm not sure what to do with that. I can answer questions about acne flares")))
    assert hints(never) == ["the flare check never started: the opening got the fallback reply"]
    reasked = Outcome("r", "urgent", NONE, transcript=(
        ("I'm flaring", "I'm sorry your skin is flaring. ... How bad is the flare right now?"),
        ("moderate", "Are any of the spots open, bleeding, oozing or crusted over?"),
        ("a few are weeping", "Sorry, I didn't catch that \u2014 a yes or no is enough.")))
    assert hints(reasked) == ['answer not accepted (re-asked): "a few are weeping"']


def test_run_case_survives_a_failing_request():
    def say(sender, text):
        raise ConnectionError("refused")

    case = {"id": "c2", "messages": ["hi"], "expected_level": "self_care", "expected_reasons": [], "note": ""}
    outcome = run_case(say, lambda sender: {}, case)
    assert outcome.actual == NONE and "refused" in outcome.error


def test_mid_month_placeholder_is_near_the_asked_weeks():
    today = date(2026, 11, 25)
    assert render("since {mid_month:7}", today) == "since mid-October"  # 15 Oct = 5.9 weeks ago
    assert render("since {mid_month:22}", today) == "since mid-June"  # 15 Jun = 23.3 weeks ago
    assert render("since {mid_month:1}", today) == "since mid-November"  # never in the future


def test_cases_file_is_well_formed_and_balanced():
    cases = load_cases()
    levels = [case["expected_level"] for case in cases]
    assert len(cases) >= 90
    assert levels.count("emergency") >= 20 and levels.count("urgent") >= 30
    assert levels.count("doctor_soon") >= 20 and levels.count("self_care") >= 20
