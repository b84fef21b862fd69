"""Emergency, crisis and poison-control numbers: the only place they are written.

The clinic sets its country with ``FLARECARE_REGION`` (default ``US``). The Rasa
server reads this table at start-up, so the static escalation replies carry the
right numbers even while the action server is down.

The texts around the numbers are also written in Chinese and Spanish, for
escalations in the patient's language (bot/escalation_language.py); the numbers
are the region's, whatever the language. The US crisis line and Poison Control
offer interpreters (988: press 2 for Spanish).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

import settings


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
TRANSLATED: Dict[str, Dict[str, Contacts]] = {
    "zh": {
        "US": Contacts("911", "拨打或发短信至 988（美国自杀与危机生命线，可要求中文口译）", "拨打毒物控制中心 1-800-222-1222（可要求口译）"),
        "CA": Contacts("911", "拨打或发短信至 988（加拿大自杀危机热线）", "联系所在省的中毒控制中心或拨打 911"),
        "UK": Contacts("999", "拨打 116 123 联系撒玛利亚会（Samaritans）", "拨打 NHS 111（如果身体不适请拨 999）"),
        "IE": Contacts("112 或 999", "拨打 116 123 联系撒玛利亚会（Samaritans）", "拨打中毒信息热线 01 809 2166"),
        "EU": Contacts("112", "拨打 116 123（情绪支持热线）", "拨打 112 或联系所在国家的中毒控制中心"),
        "AU": Contacts("000", "拨打 13 11 14 联系 Lifeline", "拨打毒物信息中心 13 11 26"),
        "NZ": Contacts("111", "拨打或发短信至 1737", "拨打国家毒物中心 0800 764 766"),
    },
    "es": {
        "US": Contacts("911", "llama o envía un mensaje de texto al 988 (Línea 988 de Prevención del Suicidio y Crisis; "
                              "marca 2 para español)", "llama a Control de Envenenamientos al 1-800-222-1222 (con intérpretes)"),
        "CA": Contacts("911", "llama o envía un mensaje de texto al 988 (línea de crisis de Canadá)",
                       "llama al centro de toxicología de tu provincia o al 911"),
        "UK": Contacts("999", "llama a Samaritans al 116 123", "llama al NHS 111 (o al 999 si se encuentra mal)"),
        "IE": Contacts("112 o 999", "llama a Samaritans al 116 123",
                       "llama a la línea de información toxicológica, 01 809 2166"),
        "EU": Contacts("112", "llama al 116 123 (línea de apoyo emocional)",
                       "llama al 112 o al centro nacional de toxicología"),
        "AU": Contacts("000", "llama a Lifeline al 13 11 14", "llama al Centro de Información Toxicológica, 13 11 26"),
        "NZ": Contacts("111", "llama o envía un mensaje de texto al 1737", "llama al Centro Nacional de Venenos, 0800 764 766"),
    },
}
DEFAULT_REGION = "US"


def contacts_for(region: Optional[str] = None, language: str = "en") -> Contacts:
    """Numbers for ``region`` (or ``FLARECARE_REGION``), worded in ``language`` (English unless zh/es).

    Unknown regions fall back to the default.
    """
    key = (region or settings.load().region).strip().upper()
    table = TRANSLATED.get(language, CONTACTS)
    return table.get(key, table[DEFAULT_REGION])
