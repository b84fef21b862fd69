"""Whether a message really asks for the patient's data to be deleted.

The classifier learns "delete my data" from words like "forget" and "clear",
which also occur in ordinary questions ("I forgot to take my capsule last
night"). A deletion request is honoured only when the message says so in
words this list knows; otherwise the next-best intent is used. Deletion still
asks for confirmation: this guard keeps patients from being asked for no reason.
"""
from __future__ import annotations

import re

DELETION_WORDING = re.compile(
    r"\b(?:delet\w*|eras\w*|remov\w*|wip\w*|scrub\w*|destroy\w*|clear (?:my|all|our|this|the)\b|get rid of|"
    r"forget (?:me|about me|everything)|forgotten|"
    r"(?:don'?t|do not) (?:want|consent)\b.*\b(?:keep|stor\w*)|don'?t keep|off your system)",
    re.IGNORECASE,
)


def asks_for_deletion(text: str) -> bool:
    return bool(DELETION_WORDING.search(text or ""))
