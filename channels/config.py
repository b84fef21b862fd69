"""Which messaging platforms run: the effective credentials file for ``rasa run``.

Rasa refuses to start when ``credentials.yml`` names an unset ``${VAR}``, so
the root ``credentials.yml`` stays the documented default (rest + socketio)
and ``scripts/serve.py`` writes ``<data dir>/credentials.yml``: that default
(rest and socketio as their checked subclasses, same URLs) plus every platform whose *required* variables are all set. A platform with
only some of them set is left off, and the start-up output says which
variable is missing (names only, never values).

The file holds ``${VAR}`` references, not the secrets: Rasa expands them from
the environment ``serve.py`` passes on, so no token is written to disk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

import yaml

import settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CREDENTIALS = ROOT / "credentials.yml"


@dataclass(frozen=True)
class Platform:
    name: str  # what the operator reads
    connector: str  # the key in credentials.yml: a Rasa channel name or a class path
    required: Dict[str, str]  # credential key -> environment variable
    optional: Dict[str, str] = field(default_factory=dict)
    webhook: str = ""  # path the platform must call, under the Rasa server


PLATFORMS: Tuple[Platform, ...] = (
    Platform(
        "Telegram",
        "channels.telegram.VerifiedTelegramInput",
        {"access_token": "TELEGRAM_ACCESS_TOKEN", "verify": "TELEGRAM_VERIFY", "webhook_url": "TELEGRAM_WEBHOOK_URL"},
        webhook="/webhooks/telegram/webhook",
    ),
    Platform(
        "Slack",
        "slack",
        {"slack_token": "SLACK_BOT_TOKEN", "slack_signing_secret": "SLACK_SIGNING_SECRET"},
        {"slack_channel": "SLACK_CHANNEL"},
        webhook="/webhooks/slack/webhook",
    ),
    Platform(
        "Twilio (SMS / WhatsApp)",
        "channels.twilio_numbered.NumberedTwilioInput",
        {
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "twilio_number": "TWILIO_NUMBER",
            "webhook_url": "TWILIO_WEBHOOK_URL",
        },
        webhook="/webhooks/twilio/webhook",
    ),
    Platform(
        "Facebook Messenger",
        "channels.messenger.FittedFacebookInput",
        {
            "verify": "FACEBOOK_VERIFY",
            "secret": "FACEBOOK_APP_SECRET",
            "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN",
        },
        webhook="/webhooks/facebook/webhook",
    ),
)


# rest and socketio as Rasa has them, with malformed input refused (channels/checked_*.py)
# and a kind reply when PostgreSQL or Redis
# is down (runtime/outage_channels.py); same names and URLs.
GUARDED_CHANNELS = {
    "rest": "runtime.outage_channels.GuardedRestInput",
    "socketio": "runtime.outage_channels.GuardedSocketIOInput",
}


def _reference(variable: str) -> str:
    return "${" + variable + "}"


def effective_credentials(environ: Optional[Mapping[str, str]] = None) -> Tuple[Dict[str, object], List[str]]:
    """The credentials for ``rasa run`` and one line per platform for the operator.

    rest + socketio (from the root ``credentials.yml``) are always on, as their
    ``GUARDED_CHANNELS`` versions.
    """
    configured = settings.load(environ)
    defaults: Dict[str, object] = yaml.safe_load(DEFAULT_CREDENTIALS.read_text()) or {}
    credentials = {GUARDED_CHANNELS.get(name, name): entry for name, entry in defaults.items()}
    notes: List[str] = []
    for platform in PLATFORMS:
        missing = [variable for variable in platform.required.values() if not configured.value_of(variable)]
        if len(missing) == len(platform.required):
            continue  # not configured at all: nothing to say
        if missing:
            notes.append(f"{platform.name}: off, {', '.join(missing)} not set")
            continue
        entry = {key: _reference(variable) for key, variable in platform.required.items()}
        entry.update(
            {key: _reference(variable) for key, variable in platform.optional.items() if configured.value_of(variable)}
        )
        credentials[platform.connector] = entry
        notes.append(f"{platform.name}: on, webhook {platform.webhook}")
    return credentials, notes


def write_credentials(path: Path, environ: Optional[Mapping[str, str]] = None) -> List[str]:
    """Write the effective credentials file; return the operator's notes."""
    credentials, notes = effective_credentials(environ)
    path.write_text(
        "# Written by scripts/serve.py from the environment; edit credentials.yml or the variables instead.\n"
        + yaml.safe_dump(credentials, sort_keys=False, default_flow_style=False)
    )
    path.chmod(0o600)
    return notes
