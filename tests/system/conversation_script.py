"""One patient's conversation as the scale and fault tests send it: an FAQ, then the whole flare form.

Each step is the message and a piece of the reply it must get, so a test can
tell a conversation that went on from one that started over.
"""
from __future__ import annotations

from typing import List, Tuple

FAQ: Tuple[str, str] = ("how common is it to break out on accutane?", "15%")
FLARE_FORM: List[Tuple[str, str]] = [
    ("my acne has got way worse since starting isotretinoin", "How bad is the flare"),
    ("mild", "open, bleeding"),
    ("no", "fever"),
    ("no", "first isotretinoin dose"),
    ("6 weeks", "How long has this flare"),
    ("about 2 weeks", "milligrams"),
    ("40mg", "weight"),
    ("70 kg", "0.57 mg/kg/day"),
]
WHOLE_CONVERSATION: List[Tuple[str, str]] = [FAQ, *FLARE_FORM]
