"""Triage protocol v1 — the whole table in one place.

Read it top to bottom: every row is a level, a reason code, when it applies and
its source. The highest level among the rows that apply wins; all applying
reasons are returned, most severe first. Inputs are plain data, so the same
function serves the chat, the CLI and the tests.

Missing information never lowers the level: ``self_care`` needs every flare
detail present and no other row applying; otherwise an incomplete report is
``doctor_soon`` (reason ``incomplete_information``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Callable, FrozenSet, Optional, Tuple

from bot.dosing import EARLY_FLARE_LAST_WEEK, flare_onset_week, mg_per_kg_day

LEVELS = ("self_care", "doctor_soon", "urgent", "emergency")  # lowest → highest
LONG_FLARE_WEEKS = 8.0
ABOVE_RANGE_MG_PER_KG_DAY = 1.0

LABEL = "Isotretinoin label / medication guide"
PROTOCOL = "FlareCare triage protocol v1"
CONSENSUS = "Chinese expert consensus on oral isotretinoin in acne; Bagatin & Costa 2020"
FULMINANS = "Greywal T et al., J Am Acad Dermatol 2017;77(1):109-117"


@dataclass(frozen=True)
class FlareFacts:
    """What we know about the patient's flare; None means not (yet) known."""

    treatment_week: Optional[float] = None
    daily_dose_mg: Optional[float] = None
    weight_kg: Optional[float] = None
    flare_extent: Optional[str] = None  # mild | moderate | severe
    skin_breakdown: Optional[bool] = None
    systemic_symptoms: Optional[bool] = None
    flare_duration_weeks: Optional[float] = None
    red_flags: FrozenSet[str] = field(default_factory=frozenset)  # codes from bot.red_flags


@dataclass(frozen=True)
class TriageResult:
    level: str
    reasons: Tuple[str, ...]

    @property
    def needs_clinic(self) -> bool:
        return self.level in ("urgent", "emergency")


@dataclass(frozen=True)
class Rule:
    level: str
    reason: str
    applies: Callable[[FlareFacts], bool]
    source: str


def _flag(code: str) -> Callable[[FlareFacts], bool]:
    return lambda f: code in f.red_flags


def _blistering_with_fever(f: FlareFacts) -> bool:
    # Blistering and fever may come in separate messages: together they are the emergency.
    systemic = bool(f.systemic_symptoms) or "systemic_symptoms" in f.red_flags
    return "blistering_skin_with_fever" in f.red_flags or ("blistering_rash" in f.red_flags and systemic)


def _onset_after_week_12(f: FlareFacts) -> bool:
    onset = flare_onset_week(f.treatment_week, f.flare_duration_weeks)
    return onset is not None and onset > EARLY_FLARE_LAST_WEEK


def _dose_above_range(f: FlareFacts) -> bool:
    if f.daily_dose_mg is None or not f.weight_kg:
        return False
    return mg_per_kg_day(f.daily_dose_mg, f.weight_kg) > ABOVE_RANGE_MG_PER_KG_DAY


def _severe_without_breakdown_or_systemic(f: FlareFacts) -> bool:
    return f.flare_extent == "severe" and not f.skin_breakdown and not f.systemic_symptoms


# fmt: off
TABLE: Tuple[Rule, ...] = (
    # emergency — call the emergency number (crisis line / poison control) now
    Rule("emergency", "suicidal_thoughts",          _flag("suicidal_thoughts"),          LABEL),
    Rule("emergency", "breathing_difficulty",       _flag("breathing_difficulty"),       LABEL),
    Rule("emergency", "facial_swelling",            _flag("facial_swelling"),            LABEL),
    Rule("emergency", "blistering_skin_with_fever", _blistering_with_fever,              LABEL),
    Rule("emergency", "chest_pain",                 _flag("chest_pain"),                 PROTOCOL),
    Rule("emergency", "fainting",                   _flag("fainting"),                   PROTOCOL),
    Rule("emergency", "seizure",                    _flag("seizure"),                    PROTOCOL),
    Rule("emergency", "overdose",                   _flag("overdose"),                   LABEL),
    # urgent — contact the prescriber today
    Rule("urgent", "skin_breakdown",
         lambda f: bool(f.skin_breakdown) or "skin_breakdown" in f.red_flags,         FULMINANS),
    Rule("urgent", "systemic_symptoms",
         lambda f: bool(f.systemic_symptoms) or "systemic_symptoms" in f.red_flags,   FULMINANS),
    Rule("urgent", "pregnancy",                     _flag("pregnancy"),                  LABEL),
    Rule("urgent", "mood_change",                   _flag("mood_change"),                LABEL),
    Rule("urgent", "severe_headache_vision",        _flag("severe_headache_vision"),     LABEL),
    Rule("urgent", "severe_stomach_pain",           _flag("severe_stomach_pain"),        LABEL),
    Rule("urgent", "jaundice",                      _flag("jaundice"),                   LABEL),
    Rule("urgent", "bloody_diarrhoea",              _flag("bloody_diarrhoea"),           LABEL),
    Rule("urgent", "sudden_hearing_vision_loss",    _flag("sudden_hearing_vision_loss"), LABEL),
    Rule("urgent", "blistering_rash",               _flag("blistering_rash"),            LABEL),
    Rule("urgent", "vision_problems",               _flag("vision_problems"),            LABEL),
    Rule("urgent", "swallowing_problems",           _flag("swallowing_problems"),        LABEL),
    Rule("urgent", "heartburn",                     _flag("heartburn"),                  LABEL),
    Rule("urgent", "muscle_weakness",               _flag("muscle_weakness"),            LABEL),
    Rule("urgent", "high_blood_sugar",              _flag("high_blood_sugar"),           LABEL),
    Rule("urgent", "psychosis",                     _flag("psychosis"),                  LABEL),
    Rule("urgent", "diarrhoea",                     _flag("diarrhoea"),                  LABEL),
    Rule("urgent", "allergic_skin_reaction",        _flag("allergic_skin_reaction"),     LABEL),
    # doctor_soon — book or message the prescriber within days
    Rule("doctor_soon", "flare_over_8_weeks",
         lambda f: f.flare_duration_weeks is not None and f.flare_duration_weeks > LONG_FLARE_WEEKS, CONSENSUS),
    Rule("doctor_soon", "flare_after_week_12",      _onset_after_week_12,                CONSENSUS),
    Rule("doctor_soon", "severe_extent",            _severe_without_breakdown_or_systemic, CONSENSUS),
    Rule("doctor_soon", "dose_above_range",         _dose_above_range,                   CONSENSUS),
)
# fmt: on

SELF_CARE_EXTENTS = ("mild", "moderate")
# The flare details that make a report complete: every FlareFacts field but the red flags.
FLARE_FIELDS = tuple(f.name for f in fields(FlareFacts) if f.name != "red_flags")


def triage(facts: FlareFacts) -> TriageResult:
    """Apply protocol v1: the highest level among the applying rows wins."""
    applying = [rule for rule in TABLE if rule.applies(facts)]
    if applying:
        applying.sort(key=lambda rule: -LEVELS.index(rule.level))
        return TriageResult(applying[0].level, tuple(rule.reason for rule in applying))
    complete = all(getattr(facts, name) is not None for name in FLARE_FIELDS)
    if not complete or facts.flare_extent not in SELF_CARE_EXTENTS:
        return TriageResult("doctor_soon", ("incomplete_information",))
    return TriageResult("self_care", (f"early_{facts.flare_extent}_flare",))


def rank(level: str) -> int:
    """Position of a level in the order self_care < doctor_soon < urgent < emergency."""
    return LEVELS.index(level)
