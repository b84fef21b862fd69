"""The topic keys the knowledge store accepts, and which Rasa intent asks for which.

Decision: the list of topics is *closed*. ``KNOWN_TOPICS`` is the only set of
keys an article may use; the loader refuses any other key, so a typo in a
file ("flare_durations") is caught at load time instead of silently creating
an article nobody can reach.

* ``INTENT_TOPICS`` maps the FAQ intents of the conversation contract to their
  topic. Those topics (plus ``severe_flare``, which the flare/triage replies
  point to) are ``REQUIRED_TOPICS``: the loader refuses a content directory
  that lacks any of them, because the bot would have nothing to say.
* The other known topics (missed dose, side effects, ...) are answered through
  free-text search (``knowledge.search.search``).

How a clinic adds or overrides a topic, without code or retraining: write
``<key>.md`` in its own folder (``FLARECARE_CLINIC_ARTICLES``, see
``knowledge.loader.clinic_articles_dir``), where any well-formed key is
accepted. Inside ``knowledge/articles`` the list stays closed: list the key in
``knowledge/articles/clinic_topics.yml`` (see ``knowledge.content.read_clinic_topics``),
write ``knowledge/articles/<key>.md`` (front matter + ``## Short answer`` +
``## More``, with at least one source), and run ``python -m knowledge load``.
If the topic should also have its own intent, add the intent to the NLU data
and to ``INTENT_TOPICS``.
"""
from __future__ import annotations

from typing import Mapping, Optional

INTENT_TOPICS: Mapping[str, str] = {
    "ask_mechanism": "mechanism",
    "ask_flare_rate": "flare_rate",
    "ask_flare_meaning": "flare_meaning",
    "ask_flare_duration": "flare_duration",
    "ask_prevention": "prevention",
    "ask_skin_care": "skin_care",
    "ask_diet": "diet",
    "ask_lifestyle": "lifestyle",
    "ask_dose": "dose",
}

EXTRA_TOPICS = frozenset(
    {
        "severe_flare",
        "missed_dose",
        "side_effects",
        "pregnancy_prevention",
        "alcohol",
        "sun",
        "waxing",
        "exercise",
        "blood_tests",
        "brand_names",
        "course_length",
        # issue 15, part A
        "tetracyclines",
        "vitamin_a_supplements",
        "st_johns_wort",
        "painkillers",
        "topical_treatments",
        "breastfeeding",
        "male_fertility",
        "pregnancy_prevention_programme",
        "blood_donation",
        "blood_fats",
        "liver",
        "laser_treatments",
        "chemical_peels",
        "dermabrasion",
        "tattoos_piercing",
        "scarring",
        "makeup",
        "dry_eyes",
        "contact_lenses",
        "night_vision",
        # issue 15, part B
        "dry_lips",
        "nosebleeds",
        "hair_thinning",
        "muscle_aches",
        "travel",
        "dry_skin",
        "headaches",
        "skin_fragility",
        "shaving",
        "mood_depression",
        "food_absorption",
        "cumulative_dose",
        "relapse",
        "after_course_skin_care",
        "low_dose_treatment",
        "starting_treatment",
        "results_timeline",
        "stopping_early",
        "sharing_disposal",
        "storing_capsules",
        "initial_breakout",
    }
)

REQUIRED_TOPICS = frozenset(INTENT_TOPICS.values()) | {"severe_flare"}

KNOWN_TOPICS = frozenset(INTENT_TOPICS.values()) | EXTRA_TOPICS


def topic_for_intent(intent: Optional[str]) -> Optional[str]:
    """The topic an FAQ intent asks about, or None for any other intent."""
    return INTENT_TOPICS.get(intent or "")
