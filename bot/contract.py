"""The conversation contract's names, written once (DESIGN.md, "Conversation contract").

Components, policies, channels, storage and actions import these names from
here instead of spelling them again. Plain constants: no Rasa, no I/O.
"""
from __future__ import annotations

# Red-flag intents and the triage level each one escalates at.
RED_FLAG_INTENT = {"emergency": "red_flag_emergency", "urgent": "red_flag_urgent"}
RED_FLAG_LEVEL = {intent: level for level, intent in RED_FLAG_INTENT.items()}
CHECK_INTENT = "red_flag_check"  # a recent flag that may be over: "is this happening now?"
OTHER_LANGUAGE_INTENT = "other_language"
DELETION_INTENT = "delete_my_data"

# Deletion: the response on which the tracker store erases the patient's rows.
DATA_DELETED_ACTION = "utter_data_deleted"

# Which flare-form slot a parsed quantity fills: (kind, duration role) -> slot.
QUANTITY_SLOT = {
    ("dose", None): "daily_dose_mg",
    ("weight", None): "weight_kg",
    ("duration", "treatment"): "treatment_week",
    ("duration", "flare"): "flare_duration_weeks",
}
# Quantities the NLU also reports that fill no form slot.
EXTRA_QUANTITY_ENTITY = {("temperature", None): "temperature_c"}

# Red flags that also answer a yes/no question of the flare form.
FLAG_FILLS_SLOT = {"skin_breakdown": "skin_breakdown", "systemic_symptoms": "systemic_symptoms"}

# The key of the extractor's one reading of a message in Rasa's parse data
# (``tracker.latest_message[READING_KEY]``): see components/flarecare_extractor.py.
READING_KEY = "flarecare_reading"

# The key of the sentence encoder's vector of the message, for the knowledge search
# (``tracker.latest_message[QUERY_VECTOR_KEY]``): see knowledge/query_vector.py.
QUERY_VECTOR_KEY = "flarecare_query_vector"
