"""Emergency, crisis and poison-control numbers: the only place they are written.

The clinic sets its country with ``FLARECARE_REGION`` (default ``US``). The Rasa
server reads this table at start-up, so the static escalation replies carry the
right numbers even while the action server is down.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, Optional


@dataclass(frozen=True)
class Contacts:
    emergency: str
    crisis: str
    poison: str


CONTACTS: Dict[str, Contacts] = {
    "US": Contacts("911", "call or text 988 (Suicide & Crisis Lifeline)", "Poison Control on 1-800-222-1222"),
    "CA": Contacts("911", "call or text 988 (Suicide Crisis Helpline)", "your provincial poison centre or 911"),
    "UK": Contacts("999", "call Samaritans on 116 123", "NHS 111 (or 999 if they are unwell)"),
    "IE": Contacts("112 or 999", "call Samaritans on 116 123", "the Poisons Information Line on 01 809 2166"),
    "EU": Contacts("112", "call 116 123 (emotional support line)", "112 or your national poison centre"),
    "AU": Contacts("000", "call Lifeline on 13 11 14", "the Poisons Information Centre on 13 11 26"),
    "NZ": Contacts("111", "call or text 1737", "the National Poisons Centre on 0800 764 766"),
}
DEFAULT_REGION = "US"


def contacts_for(region: Optional[str] = None) -> Contacts:
    """Numbers for ``region`` (or ``FLARECARE_REGION``); unknown regions fall back to the default."""
    key = (region or os.environ.get("FLARECARE_REGION") or DEFAULT_REGION).strip().upper()
    return CONTACTS.get(key, CONTACTS[DEFAULT_REGION])
