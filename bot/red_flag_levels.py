"""Every red-flag code the detectors raise, and the triage level it escalates at: the one table.

The English phrases (bot/red_flag_lexicons/en/, one file per code) and the
Chinese and Spanish lexicons name codes of this table, and their loaders refuse
any other; tests/bot/test_red_flag_levels.py holds it to triage protocol v1
(bot/triage.py). The order is the order flags are reported in: emergency first.
"""
from __future__ import annotations

from typing import Dict, Tuple

FLAG_LEVEL: Dict[str, str] = {
    "suicidal_thoughts": "emergency",
    "breathing_difficulty": "emergency",
    "facial_swelling": "emergency",
    "blistering_skin_with_fever": "emergency",
    "chest_pain": "emergency",
    "fainting": "emergency",
    "seizure": "emergency",
    "overdose": "emergency",
    "skin_breakdown": "urgent",
    "systemic_symptoms": "urgent",
    "pregnancy": "urgent",
    "mood_change": "urgent",
    "severe_headache_vision": "urgent",
    "severe_stomach_pain": "urgent",
    "jaundice": "urgent",
    "bloody_diarrhoea": "urgent",
    "sudden_hearing_vision_loss": "urgent",
    "blistering_rash": "urgent",
    # the Medication Guide's other "stop and call" items (each file's `source`)
    "vision_problems": "urgent",
    "swallowing_problems": "urgent",
    "heartburn": "urgent",
    "muscle_weakness": "urgent",
    "high_blood_sugar": "urgent",
    "psychosis": "urgent",
    "diarrhoea": "urgent",
    "allergic_skin_reaction": "urgent",
}
EMERGENCY_CODES: Tuple[str, ...] = tuple(code for code, level in FLAG_LEVEL.items() if level == "emergency")
URGENT_CODES: Tuple[str, ...] = tuple(code for code, level in FLAG_LEVEL.items() if level == "urgent")
