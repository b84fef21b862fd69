"""The flare form, defined once: one row per question, in the order the form asks them.

Everything else about the form is derived from ``FIELDS``: the validation and
its re-asks (bot/form_slots.py), the confirmation of corrections
(bot/corrections.py), the record stored for the clinic (``answers``), and the
action server's questions (actions/form_questions.py). A test holds domain.yml
(required slots, slot types and mappings, the question actions) to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from bot.contract import CHECK_INTENT, DELETION_INTENT, OTHER_LANGUAGE_INTENT, RED_FLAG_INTENT
from bot.units import Parsed, parse_dose_mg, parse_flare_extent, parse_weeks, parse_weight_kg, parse_yes_no

Parser = Callable[[str, date], Parsed]
Button = Mapping[str, str]


@dataclass(frozen=True)
class FormField:
    slot: str  # also the name of the entity that fills it
    slot_type: str  # the domain's slot type: float | categorical | bool
    parse: Parser  # what the patient typed -> the value, or the problem with it
    question: str
    examples: str  # added to a second re-ask, when the first one did not help
    reasks: Mapping[str, str]  # parse problem -> re-ask ("default" for any other problem)
    buttons: Tuple[Button, ...] = ()
    values: Tuple[str, ...] = ()  # a categorical slot's values
    limits: Optional[str] = None  # key of bot.units.LIMITS: a number (from an entity) is checked against it
    positive: bool = False  # zero is not an answer either (a dose, a weight)
    label: Optional[Tuple[str, str]] = None  # how a confirmation names it, and shows its value
    quantity: Optional[Tuple[str, Optional[str]]] = None  # the (kind, duration role) that fills it: contract.QUANTITY_SLOT
    # A yes/no question a red flag answers: a description the detector recognised as this code is a
    # yes ("my spots are bleeding"); the codes come from the message's reading (bot/form_slots.py).
    flag: Optional[str] = None

    @property
    def ask_action(self) -> str:
        return f"action_ask_{self.slot}"


# Payloads are intents (with the entity for the extent), so a tap fills the slot
# without going through the classifier, on every channel.
YES_NO: Tuple[Button, ...] = ({"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"})
YES_NO_EXAMPLES = "Tap Yes or No, or just type yes or no."
YES_NO_REASK = {"default": "Sorry, I didn't catch that — a yes or no is enough."}
EXTENT_LEVELS = ("mild", "moderate", "severe")


def extent_payload(level: str) -> str:
    return f'/inform{{"flare_extent": "{level}"}}'


FIELDS: Tuple[FormField, ...] = (
    FormField(
        "flare_extent", "categorical", lambda text, _today: parse_flare_extent(text),
        question="How bad is the flare right now?",
        buttons=(
            {"title": "Mild — a few new spots", "payload": extent_payload("mild")},
            {"title": "Moderate — many inflamed spots", "payload": extent_payload("moderate")},
            {"title": "Severe — large painful lumps or cysts all over", "payload": extent_payload("severe")},
        ),
        examples="Tap one of the options, or write mild, moderate or severe.",
        reasks={"default": "Sorry, I didn't catch how bad it is — you can tap one of the options."},
        values=EXTENT_LEVELS,
        label=("how bad the flare is", "{}"),
    ),
    FormField(
        "skin_breakdown", "bool", lambda text, _today: parse_yes_no(text),
        question="Are any of the spots open, bleeding, oozing or crusted over?",
        buttons=YES_NO, examples=YES_NO_EXAMPLES, reasks=YES_NO_REASK, flag="skin_breakdown",
    ),
    FormField(
        "systemic_symptoms", "bool", lambda text, _today: parse_yes_no(text),
        question="Do you have a fever, aching joints, bones or muscles, or feel generally unwell?",
        buttons=YES_NO, examples=YES_NO_EXAMPLES, reasks=YES_NO_REASK, flag="systemic_symptoms",
    ),
    FormField(
        "treatment_week", "float", parse_weeks,
        question="How long ago did you take your first isotretinoin dose? "
        "(for example \"6 weeks\" or \"since mid-October\")",
        examples="You can write it like \"3 weeks\", \"2 months\" or \"since 1 October\".",
        reasks={
            "out_of_range": "That doesn't look right for how long you've been taking it.",
            "default": "Sorry, I couldn't tell how long you've been taking it.",
        },
        limits="weeks",
        label=("how long you've been taking it", "{:g} weeks"),
        quantity=("duration", "treatment"),
    ),
    FormField(
        "flare_duration_weeks", "float", parse_weeks,
        question="How long has this flare been going on? (for example \"10 days\" or \"about a month\")",
        examples="You can write it like \"5 days\", \"2 weeks\" or \"since last Monday\".",
        reasks={
            "out_of_range": "That doesn't look right for how long the flare has lasted.",
            "default": "Sorry, I couldn't tell how long the flare has lasted.",
        },
        limits="weeks",
        label=("how long the flare has lasted", "{:g} weeks"),
        quantity=("duration", "flare"),
    ),
    FormField(
        "daily_dose_mg", "float", lambda text, _today: parse_dose_mg(text),
        question="How many milligrams of isotretinoin do you take in total each day? "
        "(for example \"20 mg\" or \"2 x 20 mg\")",
        examples="You'll find the strength on the packet, e.g. \"20 mg\"; if you take two capsules, write \"2 x 20 mg\".",
        reasks={
            "wrong_unit": "That looks like {detail}, not a dose.",
            "out_of_range": "That dose looks out of range for isotretinoin — please check the packet.",
            "default": "Sorry, I couldn't read a dose there.",
        },
        limits="dose_mg",
        positive=True,
        label=("your daily dose", "{:g} mg"),
        quantity=("dose", None),
    ),
    FormField(
        "weight_kg", "float", lambda text, _today: parse_weight_kg(text),
        question="And your weight? Kilograms, pounds or stone are all fine (for example \"62 kg\" or \"9 stone 4\").",
        examples="You can write it like \"62 kg\", \"140 lb\" or \"9 stone 4\".",
        reasks={
            "wrong_unit": "That looks like {detail}, not a weight.",
            "out_of_range": "That weight looks out of range — could you check it?",
            "default": "Sorry, I couldn't read a weight there.",
        },
        limits="weight_kg",
        positive=True,
        label=("your weight", "{:g} kg"),
        quantity=("weight", None),
    ),
)

FIELD: Dict[str, FormField] = {f.slot: f for f in FIELDS}
FORM_SLOTS: Tuple[str, ...] = tuple(FIELD)  # the form's required slots, in the order it asks them
DURATION_SLOTS: Tuple[str, ...] = tuple(f.slot for f in FIELDS if f.quantity and f.quantity[0] == "duration")

# Intents whose message is never read as a typed answer (the from_text mappings' not_intent).
NOT_AN_ANSWER: Tuple[str, ...] = (
    *RED_FLAG_INTENT.values(), CHECK_INTENT, "stop", DELETION_INTENT, "request_human", "bot_challenge",
    OTHER_LANGUAGE_INTENT,
)


def answers(facts: Any) -> Dict[str, Any]:
    """The form's answers in ``facts`` (a bot.triage.FlareFacts, a stored report): slot -> value."""
    return {slot: getattr(facts, slot) for slot in FORM_SLOTS}
