"""Rasa NLU component: deterministic red flags and quantities on every message.

It applies the message's one reading (bot/reading.py: ``read_message``, computed
once per message by components/message_reading.py, before ShortAnswerClassifier
and this component use it) and leaves it in the parse data under
``contract.READING_KEY``, where the actions read it (``bot.reading.reading_in``)
instead of scanning the text again. It runs in the Rasa server after the ML
intent classifier and before the FallbackClassifier, and is authoritative for
red flags in both directions:

* when ``bot.red_flags`` finds a red flag, the intent becomes
  ``red_flag_emergency`` / ``red_flag_urgent`` with confidence 1.0, and
  entities carry the codes, the triage level and the clinic's emergency
  numbers, so slots fill and the static escalation reply works without the
  action server;
* when it finds only a recent flag that may be over ("I had a fever
  yesterday", ``RedFlagScan.to_ask``), the intent becomes ``red_flag_check``
  and entities name the pending flag (``red_flag_primary``) and its level
  (``red_flag_pending_level``): RedFlagPolicy asks "Is this happening now?"
  and escalates on a yes;
* when it finds none, an ML guess of a red-flag intent is replaced by the next
  best intent (the FallbackClassifier then judges its confidence);
* red flags are found in English, Chinese and Spanish (``bot.red_flag_scan``);
  every typed message carries a ``language`` entity (``bot.language``), and an
  escalation an ``escalation_wording`` entity and contact texts in that language,
  so the static reply is in the patient's language;
* a message with no red flag in a language other than English becomes
  ``other_language`` with confidence 1.0 (the static ``utter_other_language``,
  in that language, says what the bot can do and how to reach the clinic).

Quantities with explicit units ("6 weeks in on 40mg", "9 stone 4") become
entities named after the flare-form slots they fill, and lesion descriptions
("cystic ones", "whiteheads") become ``lesion_type`` entities with a normalised
value (``bot.lesions``). Both carry the character span of the words they came
from, so ``rasa test nlu`` can score them against annotated examples; the
red-flag entities below describe the whole message and have an empty span
(0, 0), which that evaluation never counts.

It has no training step: pattern changes apply on the next server start
without retraining (the fingerprint problem of a saved spaCy path never arises).
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.contract import CHECK_INTENT, DELETION_INTENT, FLAG_FILLS_SLOT, OTHER_LANGUAGE_INTENT, RED_FLAG_INTENT
from bot.emergency_contacts import contacts_for
from bot.escalation_language import escalation_language, escalation_wording
from bot.reading import Reading
from bot.red_flag_scan import warm_up
from bot.red_flags import RedFlagScan
from components.message_reading import reading_of
from components.rule_component import RuleComponent, set_sole_intent
from components.typed_payloads import sanitised_payload, without_prefix

EXTRACTOR = "FlareCareExtractor"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class FlareCareExtractor(RuleComponent):
    @classmethod
    def create(cls, *args: Any, **kwargs: Any) -> "FlareCareExtractor":
        warm_up()  # the detectors and lingua's models (seconds) at server start, not in a patient's message
        return super().create(*args, **kwargs)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text") or ""
            reading = reading_of(message)
            typed = not reading.payload
            flags = reading.red_flags
            entities = list(message.get("entities") or [])
            entities += _quantity_entities(reading)
            entities += _lesion_entities(reading)
            if typed:  # a button's payload says nothing about the patient's language
                entities.append(_entity("language", reading.language))
            if flags.flags:
                entities += _red_flag_entities(flags, reading.language)
                set_sole_intent(message, RED_FLAG_INTENT[flags.level])
            elif flags.to_ask:
                entities += _check_entities(flags, reading.language)
                set_sole_intent(message, CHECK_INTENT)
            else:
                _drop_intents(message, [*RED_FLAG_INTENT.values(), CHECK_INTENT])
                if typed and reading.language != "en":
                    contacts = contacts_for(language=escalation_language(reading.language))
                    entities.append(_entity("emergency_number", contacts.emergency))  # the note names it
                    set_sole_intent(message, OTHER_LANGUAGE_INTENT)
                else:
                    _drop_intents(message, [OTHER_LANGUAGE_INTENT])
            if typed and not reading.asks_for_deletion:
                _drop_intents(message, [DELETION_INTENT])  # "I forgot my capsule" is not "forget me"
            message.set("entities", entities, add_to_output=True)
            if not typed:
                _guard_payload(message, text, flagged=bool(flags.flags or flags.to_ask))
        return messages


def _entity(name: str, value: Any, start: int = 0, end: int = 0) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": start, "end": end,
            "confidence_entity": 1.0, "extractor": EXTRACTOR}


def _quantity_entities(reading: Reading) -> List[Dict[str, Any]]:
    return [_entity(slot, q.value, q.start, q.end) for slot, q in reading.slot_quantities]


def _lesion_entities(reading: Reading) -> List[Dict[str, Any]]:
    return [_entity("lesion_type", lesion.value, lesion.start, lesion.end) for lesion in reading.lesions]


def _red_flag_entities(scan: RedFlagScan, language: str) -> List[Dict[str, Any]]:
    entities = [_entity("red_flag", flag.code) for flag in scan.flags]
    entities += [_entity("red_flag_primary", scan.primary.code),
                 _entity("escalation_wording", escalation_wording(scan.primary.code, language)),
                 _entity("triage_level", scan.level)]
    entities += _contact_entities(language)
    entities += [_entity(FLAG_FILLS_SLOT[code], True) for code in scan.codes if code in FLAG_FILLS_SLOT]
    return entities


def _check_entities(scan: RedFlagScan, language: str) -> List[Dict[str, Any]]:
    """The pending flag, so a "yes" gets that flag's static escalation; no triage level or form answer yet."""
    pending = scan.to_ask
    return [_entity("red_flag_primary", pending.code), _entity("red_flag_pending_level", pending.level),
            _entity("escalation_wording", escalation_wording(pending.code, language)),
            *_contact_entities(language)]


def _contact_entities(language: str) -> List[Dict[str, Any]]:
    contacts = contacts_for(language=escalation_language(language))
    return [
        _entity("emergency_number", contacts.emergency),
        _entity("crisis_line", contacts.crisis),
        _entity("poison_line", contacts.poison),
    ]


def _guard_payload(message: Message, text: str, flagged: bool) -> None:
    """Rewrite a "/intent{...}" text before Rasa's RegexMessageHandler reads it (components/typed_payloads.py)."""
    if flagged:
        message.set("text", without_prefix(text))
        return
    # Without a detected flag the static reply names only the emergency number. The crisis and
    # poison lines stay out: this text is what the tracker keeps as the patient's, and
    # "Suicide & Crisis Lifeline" is a flag to anything that reads it again.
    emergency = contacts_for().emergency
    trusted = {
        intent: {"triage_level": level, "emergency_number": emergency} for level, intent in RED_FLAG_INTENT.items()
    }
    payload = sanitised_payload(text, trusted)
    if payload is not None:
        message.set("text", payload)


def _drop_intents(message: Message, names: Iterable[str]) -> None:
    """When the classifier's best guess is one of ``names``, the next guess not among them wins."""
    dropped = set(names)
    intent: Optional[Dict[str, Any]] = message.get("intent")
    if not intent or intent.get("name") not in dropped:
        return
    ranking = [i for i in message.get("intent_ranking") or [] if i.get("name") not in dropped]
    best = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 0.0}
    message.set("intent", best, add_to_output=True)
    message.set("intent_ranking", ranking, add_to_output=True)
