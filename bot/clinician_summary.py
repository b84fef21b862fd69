"""The clinician's summary of a triaged flare (plain text and JSON).

Acne fulminans management figures (Greywal et al. 2017) belong here, for the
clinician, and never in the patient's reply: prednisone 0.5–1.0 mg/kg/day alone
for at least 2 weeks (4 with systemic symptoms), then isotretinoin re-introduced
at a low dose after the crusts heal, overlapping and increased slowly.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any, Dict, Optional

from bot.dosing import BAND_LABELS, summarise
from bot.triage import FULMINANS, FlareFacts, TriageResult

PREDNISONE_MG_PER_KG_DAY = (0.5, 1.0)


def fulminans_guideline(facts: FlareFacts) -> Optional[Dict[str, Any]]:
    """Guideline figures when the flare shows acne fulminans signs; None otherwise."""
    breakdown = bool(facts.skin_breakdown) or "skin_breakdown" in facts.red_flags
    systemic = bool(facts.systemic_symptoms) or "systemic_symptoms" in facts.red_flags
    if not (breakdown or systemic):
        return None
    guideline: Dict[str, Any] = {
        "source": FULMINANS,
        "prednisone_mg_per_kg_day": list(PREDNISONE_MG_PER_KG_DAY),
        "prednisone_min_weeks_alone": 4 if systemic else 2,
        "isotretinoin": "re-introduce at a low dose after crusts heal, overlapping, increase slowly",
    }
    if facts.weight_kg:
        low, high = (round(facts.weight_kg * f) for f in PREDNISONE_MG_PER_KG_DAY)
        guideline["prednisone_mg_per_day_for_weight"] = [low, high]
    return guideline


def build_summary(facts: FlareFacts, result: TriageResult, evidence: Dict[str, str] = None) -> Dict[str, Any]:
    """JSON-ready summary: inputs, computed figures, level, reasons, guideline notes."""
    inputs = asdict(facts)
    inputs["red_flags"] = sorted(facts.red_flags)
    summary: Dict[str, Any] = {
        "triage_level": result.level,
        "triage_reasons": list(result.reasons),
        "inputs": inputs,
        "red_flag_evidence": dict(evidence or {}),
        "dosing": None,
        "fulminans_guideline_for_clinician": fulminans_guideline(facts),
    }
    if facts.daily_dose_mg is not None and facts.weight_kg:
        summary["dosing"] = asdict(
            summarise(facts.daily_dose_mg, facts.weight_kg, facts.treatment_week, facts.flare_duration_weeks)
        )
    return summary


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}{unit}"
    return f"{value}{unit}"


def summary_text(summary: Dict[str, Any]) -> str:
    """The same summary as plain text for the clinic's inbox."""
    inputs = summary["inputs"]
    lines = [
        f"TRIAGE: {summary['triage_level'].upper()} — reasons: {', '.join(summary['triage_reasons'])}",
        f"Treatment week: {_fmt(inputs['treatment_week'])}; flare for {_fmt(inputs['flare_duration_weeks'], ' wk')}",
        f"Dose: {_fmt(inputs['daily_dose_mg'], ' mg/day')}; weight: {_fmt(inputs['weight_kg'], ' kg')}",
        f"Extent: {_fmt(inputs['flare_extent'])}; skin breakdown: {_fmt(inputs['skin_breakdown'])}; "
        f"systemic symptoms: {_fmt(inputs['systemic_symptoms'])}",
    ]
    if inputs["red_flags"]:
        lines.append(f"Red flags reported: {', '.join(inputs['red_flags'])}")
    for code, words in summary["red_flag_evidence"].items():
        lines.append(f"  {code}: patient wrote “{words}”")
    dosing = summary["dosing"]
    if dosing:
        lines.append(f"Dose: {dosing['mg_per_kg_day']:.2f} mg/kg/day — {BAND_LABELS[dosing['band']]}")
        if dosing["cumulative_mg_per_kg"] is not None:
            lines.append(
                f"Estimated cumulative: {dosing['cumulative_mg_per_kg']:.0f} mg/kg of a usual 120–150 mg/kg course"
            )
        if dosing["early_flare_high_start"]:
            lines.append("Early flare on a start ≥ 0.5 mg/kg/day (guidelines start low to prevent flares).")
    guideline = summary["fulminans_guideline_for_clinician"]
    if guideline:
        lines.append("GUIDELINE INFORMATION FOR THE CLINICIAN (acne fulminans signs; not shown to the patient):")
        dose = guideline.get("prednisone_mg_per_day_for_weight")
        dose_text = f" = {dose[0]}–{dose[1]} mg/day for this weight" if dose else ""
        lines.append(
            f"  Prednisone 0.5–1.0 mg/kg/day{dose_text}, alone for ≥ {guideline['prednisone_min_weeks_alone']} weeks;"
        )
        lines.append(f"  isotretinoin: {guideline['isotretinoin']}. Source: {guideline['source']}.")
    return "\n".join(lines)
