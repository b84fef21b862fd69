"""What the patient reads when the assistant cannot reach its records (PostgreSQL or Redis down).

The message was not taken in, so it says so and asks for it again: a reply that
pretended otherwise would lose what the patient said. A red flag still gets its
static escalation first (runtime/outage_channels.py); the hand-off to the clinic could
not be recorded, so the patient is asked to contact the clinic themselves.
"""
from __future__ import annotations

from bot.emergency_contacts import Contacts

NOT_TAKEN_IN = (
    "Sorry — I can't reach your records right now, so I couldn't take in your last message. "
    "Please send it again in a minute or two. If it's urgent, contact your clinic; "
    "in an emergency call {emergency}."
)

CLINIC_NOT_TOLD = (
    "I couldn't pass this on to your clinic's team just now, so please contact them yourself as well."
)


def not_taken_in(contacts: Contacts) -> str:
    return NOT_TAKEN_IN.format(emergency=contacts.emergency)
