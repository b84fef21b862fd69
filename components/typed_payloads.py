"""What a "/intent{...}" payload may do: a tapped button and typed text look the same.

Buttons send payloads ("/report_flare"), and no channel tells a tapped button
from a patient typing the same characters, so payloads stay allowed. But Rasa's
RegexMessageHandler runs after every pipeline component and replaces the intent
and entities of any message that starts with "/"; a component cannot run after
it. So ``FlareCareExtractor`` rewrites the text that handler will read:

* a red flag anywhere in the message wins: the leading "/" is dropped, the
  handler leaves the message alone and the detector's reading stands
  ("/greet{} I want to kill myself" escalates);
* entities that only the detector may set (the triage level, red-flag codes,
  emergency numbers) are removed from the payload;
* "/red_flag_emergency" and "/red_flag_urgent" escalate — a claimed emergency
  is never ignored — with the level and this region's emergency number added,
  as a detected flag would carry them;
* flare details in a payload ("/inform{"daily_dose_mg": 4000}") stay: they fill
  slots exactly like the extractor's own entities and pass the same validation.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Optional

from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

from bot.reading import PAYLOAD_PREFIX

# The pattern RegexMessageHandler itself reads payloads with (a private helper,
# used so both sides agree on what is a payload).
PAYLOAD = YAMLStoryReader._regex_message_pattern()
PREFIX = PAYLOAD_PREFIX

# Entities FlareCareExtractor derives from the detector and the region: never from a payload.
DETECTOR_ENTITIES = frozenset(
    {"red_flag", "red_flag_primary", "red_flag_pending_level", "triage_level", "emergency_number", "crisis_line",
     "poison_line"}
)


def without_prefix(text: str) -> str:
    """The message with its leading "/" removed: Rasa then reads it as ordinary text."""
    return text.strip()[len(PREFIX):]


def sanitised_payload(text: str, trusted: Dict[str, Any]) -> Optional[str]:
    """The payload as Rasa may read it, or None when it needs no change.

    ``trusted`` maps a red-flag intent's name to the entities (level, numbers)
    the detector would have set for it.
    """
    match = PAYLOAD.match(text.strip())
    if not match:
        return None
    intent = match.group("name").strip()
    entities = _entities(match.group("entities"))
    kept = {key: value for key, value in (entities or {}).items() if key not in DETECTOR_ENTITIES}
    kept.update(trusted.get(intent, {}))
    if kept == entities and intent not in trusted:
        return None
    return PREFIX + intent + (match.group("confidence") or "") + (json.dumps(kept) if kept else "")


def _entities(raw: Optional[str]) -> Optional[Dict[str, Any]]:
    """The payload's entities; None when they cannot be read (then they are dropped).

    Rasa ignores entities that are not a JSON object, but JSON nested a few
    thousand levels deep raises RecursionError in its parser, which it does not catch.
    """
    if not raw:
        return {}
    try:
        entities = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return entities if isinstance(entities, dict) else None
