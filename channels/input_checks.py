"""What the REST and socket.io channels accept, before Rasa sees a message.

Rasa's own channels pass anything on: a body that is not a JSON object is a
500 with a stack trace in the log, a missing sender joins everyone to one shared
"default" conversation, a number as the message is dropped after an error that
logs the request. Here a malformed request is refused with one short sentence
saying what is wrong (never what was sent), and nothing reaches the tracker.
"""
from __future__ import annotations

from typing import Any, Optional

# Rasa's SQLTrackerStore keeps sender ids in a String(255) column.
MAX_SENDER_CHARS = 255
# The red-flag detector is tested (and fast) up to this length; a flag at the end is still found.
MAX_MESSAGE_CHARS = 10_000


def sender_problem(sender: Any) -> Optional[str]:
    if not isinstance(sender, str) or not sender.strip():
        return "'sender' must be a non-empty string that identifies the conversation"
    if len(sender) > MAX_SENDER_CHARS:
        return f"'sender' must be at most {MAX_SENDER_CHARS} characters"
    return None


def message_problem(message: Any) -> Optional[str]:
    if not isinstance(message, str):
        return "'message' must be a string"
    if len(message) > MAX_MESSAGE_CHARS:
        return f"'message' must be at most {MAX_MESSAGE_CHARS:,} characters"
    return None


def metadata_problem(metadata: Any) -> Optional[str]:
    if metadata is not None and not isinstance(metadata, dict):
        return "'metadata' must be a JSON object"
    return None
