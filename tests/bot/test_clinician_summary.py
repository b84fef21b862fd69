import json
from dataclasses import replace

from bot.clinician_summary import build_summary, fulminans_guideline, summary_text
from bot.dosing import summarise
from bot.emergency_contacts import CONTACTS, contacts_for
from bot.patient_messages import triage_reply
from bot.triage import FlareFacts, triage

MILD = FlareFacts(6, 40, 70, "mild", False, False, 2)
FULMINANS_SIGNS = replace(MILD, flare_extent="severe", skin_breakdown=True, systemic_symptoms=True)


def test_no_guideline_without_fulminans_signs():
    assert fulminans_guideline(MILD) is None
    assert "GUIDELINE" not in summary_text(build_summary(MILD, triage(MILD)))


def test_prednisone_range_for_this_weight_and_longer_course_with_systemic_symptoms():
    guideline = fulminans_guideline(FULMINANS_SIGNS)
    assert guideline["prednisone_mg_per_day_for_weight"] == [35, 70]
    assert guideline["prednisone_min_weeks_alone"] == 4
    assert fulminans_guideline(replace(FULMINANS_SIGNS, systemic_symptoms=False))["prednisone_min_weeks_alone"] == 2


def test_guideline_from_a_red_flag_without_weight():
    guideline = fulminans_guideline(FlareFacts(red_flags=frozenset({"skin_breakdown"})))
    assert guideline is not None and "prednisone_mg_per_day_for_weight" not in guideline


def test_summary_is_json_and_text_marks_clinician_only_information():
    summary = build_summary(FULMINANS_SIGNS, triage(FULMINANS_SIGNS), {"skin_breakdown": "open sores"})
    assert json.loads(json.dumps(summary))["triage_level"] == "urgent"
    text = summary_text(summary)
    assert "TRIAGE: URGENT" in text
    assert "35–70 mg/day" in text and "not shown to the patient" in text
    assert "“open sores”" in text
    assert "0.57 mg/kg/day" in text


def test_incomplete_facts_still_summarise():
    text = summary_text(build_summary(FlareFacts(red_flags=frozenset({"overdose"})), triage(FlareFacts(red_flags=frozenset({"overdose"})))))
    assert "not given" in text and "overdose" in text


def test_patient_reply_never_contains_guideline_figures():
    result = triage(FULMINANS_SIGNS)
    reply = triage_reply(result, summarise(40, 70, 6, 2), contacts_for("US"))
    assert "URGENT" in reply and "prednisone" not in reply.lower()
    assert "Source" in reply


def test_self_care_reply_has_rate_tips_and_dose_figures():
    reply = triage_reply(triage(MILD), summarise(40, 70, 6, 2), contacts_for("US"))
    assert "15%" in reply and "moisturiser" in reply
    assert "0.57 mg/kg/day" in reply and "standard dose" in reply
    assert "lower dose to prevent early flares" in reply  # 0.57 ≥ 0.5 on an early flare
    assert "don't change your dose" in reply


def test_doctor_soon_reply_explains_why():
    facts = replace(MILD, flare_duration_weeks=10, treatment_week=10)
    reply = triage_reply(triage(facts), None, contacts_for("US"))
    assert "within the next few days" in reply and "more than 8 weeks" in reply


def test_contacts_by_region_and_fallback(monkeypatch):
    assert contacts_for("uk").emergency == "999"
    assert "116 123" in contacts_for("EU").crisis
    assert contacts_for("atlantis") == CONTACTS["US"]
    monkeypatch.setenv("FLARECARE_REGION", "AU")
    assert contacts_for().emergency == "000"


def test_domain_initial_numbers_match_the_default_region():
    import yaml
    from pathlib import Path

    domain = yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text())
    default = contacts_for("US")
    assert domain["slots"]["emergency_number"]["initial_value"] == default.emergency
    assert domain["slots"]["crisis_line"]["initial_value"] == default.crisis
    assert domain["slots"]["poison_line"]["initial_value"] == default.poison
