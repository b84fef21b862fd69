"""Text → number parsing for the flare form: dose, weight, weeks, yes/no, extent, temperature.

Patients answer the way they talk ("about 2 months", "9 stone 4", "20mg twice a
day", "since mid-October"). Everything here is pure: a normalised copy of the
text, a small word-number converter and plain regexes (no nested quantifiers, so
10 000 characters parse in tens of milliseconds), with no Rasa or spaCy dependency.

No parser raises on any str, and non-str input is "empty". A problem comes back
in ``Parsed.problem`` so the form can re-ask: "empty", "no_number", "wrong_unit",
"out_of_range", "ambiguous" or "unclear", with the unit concerned in
``Parsed.detail``. ``Parsed.value`` is None whenever ``problem`` is set: an
impossible value is reported, never clamped, and never handed on by mistake.

The modules, in the order they build on each other (each says the choices made
where the brief was silent):

- ``results``: ``Parsed``, ``Quantity``, ``LIMITS``, the problem codes;
- ``text``: the normalised text and its offsets into the original;
- ``number_words``: "twenty five" -> "25";
- ``unit_table``: units, their families and conversions;
- ``dates``: "since mid-October" -> weeks;
- ``scan``: normalising and finding every number, unit and frequency;
- ``combine``: reading several numbers in one answer;
- the answer parsers ``dose``, ``weight``, ``weeks``, ``temperature``, ``yes_no``, ``extent``;
- ``free_text``: ``extract_quantities`` over a whole message.
"""
from bot.units.dose import parse_dose_mg
from bot.units.extent import parse_flare_extent
from bot.units.free_text import extract_quantities, within_limits
from bot.units.results import LIMITS, Parsed, Quantity
from bot.units.temperature import parse_temperature_c
from bot.units.weeks import parse_weeks
from bot.units.weight import parse_weight_kg
from bot.units.yes_no import parse_yes_no

__all__ = [
    "LIMITS",
    "Parsed",
    "Quantity",
    "extract_quantities",
    "parse_dose_mg",
    "parse_flare_extent",
    "parse_temperature_c",
    "parse_weeks",
    "parse_weight_kg",
    "parse_yes_no",
    "within_limits",
]
