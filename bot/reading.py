"""One reading of one message: everything the rules find in it, computed once.

``read_message`` runs every deterministic reader over a patient's message — the
quantities with units (bot/units/), the red flags in every language and the
reply language (bot/red_flag_scan.py), the lesion words (bot/lesions.py), the
deletion wording (bot/deletion_requests.py) and the bare-answer check
(bot/short_answers.py) — and returns plain data. The Rasa server's NLU computes
it (components/message_reading.py) and puts ``to_dict()`` into the parse data
under ``contract.READING_KEY``; the actions read it back from the tracker
(``reading_in``) instead of scanning the text again, so the action server
never runs the detectors for a message the NLU has read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, Mapping, Optional, Tuple

from bot.contract import EXTRA_QUANTITY_ENTITY, QUANTITY_SLOT, READING_KEY
from bot.deletion_requests import asks_for_deletion
from bot.lesions import Lesion, find_lesions
from bot.red_flag_scan import scan
from bot.red_flags import RedFlag, RedFlagScan
from bot.short_answers import bare_answer
from bot.units import Quantity, extract_quantities

PAYLOAD_PREFIX = "/"
VERSION = 1  # of to_dict()'s shape; a reading of another version is read again from the text


def is_payload(text: str) -> bool:
    """A "/intent{...}" text: a tapped button, or a patient typing one (components/typed_payloads.py)."""
    return text.strip().startswith(PAYLOAD_PREFIX)


def quantity_slot(quantity: Quantity) -> Optional[str]:
    """The slot (or, for a temperature, the entity) a quantity fills; None for a duration of unknown role."""
    key = (quantity.kind, quantity.role)
    return QUANTITY_SLOT.get(key) or EXTRA_QUANTITY_ENTITY.get(key)


@dataclass(frozen=True)
class Reading:
    payload: bool = False  # a "/intent{...}" text: says nothing about the patient's language
    language: str = "en"  # the language to reply in (bot/red_flag_scan.py)
    # With units, in text order. Spans are into the text as sent: FlareCareExtractor drops the "/" of
    # a payload with a red flag after reading it (as the entities' spans always were).
    quantities: Tuple[Quantity, ...] = ()
    lesions: Tuple[Lesion, ...] = ()
    red_flags: RedFlagScan = field(default_factory=RedFlagScan)
    bare_answer: bool = False  # only a quantity or a severity word: a form answer
    asks_for_deletion: bool = False  # says in so many words to delete the patient's data

    @property
    def slot_quantities(self) -> Tuple[Tuple[str, Quantity], ...]:
        """(slot or entity name, quantity) for each quantity that fills one."""
        return tuple((slot, q) for q in self.quantities for slot in [quantity_slot(q)] if slot)

    def to_dict(self) -> Dict[str, Any]:
        """JSON-ready; slot, level, primary and to_ask are included for readers of the parse data."""
        flags = self.red_flags
        return {
            "version": VERSION,
            "payload": self.payload,
            "language": self.language,
            "quantities": [{"kind": q.kind, "role": q.role, "value": q.value, "start": q.start, "end": q.end,
                            "slot": quantity_slot(q)} for q in self.quantities],
            "lesions": [{"value": lesion.value, "start": lesion.start, "end": lesion.end} for lesion in self.lesions],
            "red_flags": {
                "codes": list(flags.codes),
                "level": flags.level,
                "primary": flags.primary.code if flags.primary else None,
                "flags": [_flag_dict(flag) for flag in flags.flags],
                "to_ask": _flag_dict(flags.to_ask) if flags.to_ask else None,
                "unclear": [_flag_dict(flag) for flag in flags.unclear],
                "others": list(flags.others),
                "past": list(flags.past),
            },
            "bare_answer": self.bare_answer,
            "asks_for_deletion": self.asks_for_deletion,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Reading":
        """The reading ``to_dict`` wrote. Raises ValueError for anything else (another version, a damaged dict)."""
        try:
            if data["version"] != VERSION:
                raise ValueError(f"reading version {data['version']!r}")
            flags = data["red_flags"]
            return cls(
                payload=bool(data["payload"]),
                language=str(data["language"]),
                quantities=tuple(Quantity(str(q["kind"]), float(q["value"]), int(q["start"]), int(q["end"]),
                                          q["role"]) for q in data["quantities"]),
                lesions=tuple(Lesion(str(x["value"]), int(x["start"]), int(x["end"])) for x in data["lesions"]),
                red_flags=RedFlagScan(
                    flags=tuple(_flag(f) for f in flags["flags"]),
                    others=tuple(str(code) for code in flags["others"]),
                    unclear=tuple(_flag(f) for f in flags["unclear"]),
                    past=tuple(str(code) for code in flags["past"]),
                ),
                bare_answer=bool(data["bare_answer"]),
                asks_for_deletion=bool(data["asks_for_deletion"]),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not a reading: {error!r}") from error


def _flag_dict(flag: RedFlag) -> Dict[str, str]:
    return {"code": flag.code, "level": flag.level, "evidence": flag.evidence}


def _flag(data: Mapping[str, Any]) -> RedFlag:
    return RedFlag(str(data["code"]), str(data["level"]), str(data["evidence"]))


def read_message(text: str, today: date) -> Reading:
    """Every rule's reading of ``text`` (a payload's too: "/greet{} I want to kill myself" escalates)."""
    if not isinstance(text, str):
        text = ""
    payload = is_payload(text)
    found = scan(text)
    quantities = tuple(extract_quantities(text, today))
    return Reading(
        payload=payload,
        language=found.language,
        quantities=quantities,
        lesions=tuple(find_lesions(text)),
        red_flags=found.red_flags,
        bare_answer=bare_answer(text, quantities, payload),
        asks_for_deletion=asks_for_deletion(text),
    )


def read_payload(text: str, today: date) -> Reading:
    """A payload's reading without the red-flag detectors: the quantities and lesions ``read_message``
    finds (plain-text rules, microseconds), and no red flags — FlareCareExtractor drops the "/" of
    every payload in which the detectors find one (components/typed_payloads.py), so a text that
    still starts with "/" after the NLU has none."""
    return Reading(payload=True, quantities=tuple(extract_quantities(text, today)),
                   lesions=tuple(find_lesions(text)), asks_for_deletion=asks_for_deletion(text))


def reading_in(parse_data: Optional[Mapping[str, Any]], today: date) -> Reading:
    """The reading of a message the tracker holds (``tracker.latest_message`` or a user event's ``parse_data``).

    The NLU's reading under ``READING_KEY`` when it is there. It is not, and the
    message is read here instead, when:

    * the text is a "/intent{...}" payload: Rasa's RegexMessageHandler, which runs
      after every pipeline component, rebuilds such a message from its text,
      intent and entities only, and the reading is lost. ``read_payload`` is
      then exact without the detectors (see there) — a button tap, common, costs
      the action server nothing;
    * the message was parsed before the reading existed (a conversation going on
      across the upgrade), came from a test fixture, or holds a reading of
      another version: ``read_message`` runs here. That is the only path on which
      the action server runs the detectors; their models load on first use
      (seconds, once), so it is not warmed up at start for a path that ends with
      the conversations of the upgrade.
    """
    data = parse_data or {}
    stored = data.get(READING_KEY)
    if isinstance(stored, Mapping):
        try:
            return Reading.from_dict(stored)
        except ValueError:
            pass
    text = data.get("text")
    text = text if isinstance(text, str) else ""
    return read_payload(text, today) if is_payload(text) else read_message(text, today)
