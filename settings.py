"""Every environment variable FlareCare reads, in one place: its type, default and meaning.

    import settings
    settings.load().data_dir          # the values now, from os.environ
    settings.load({"FLARECARE_BIND": "0.0.0.0"})   # tests pass their own mapping

Why a top-level module: every package reads configuration (``bot/`` for the region and
the clinic's hours, ``storage/`` for the databases, ``channels/`` for the platforms) and
this module imports none of them, so it belongs to none; at the root it is the one leaf
that all may import. It imports only the standard library and does nothing at import.

Read on call, not cached: ``load()`` parses the environment every time (a few
microseconds), so nothing is frozen before a test's ``monkeypatch.setenv`` or a
launcher's ``os.environ.setdefault`` runs, and no test needs a reset. Entry points call
``load_or_exit()`` once at start, so a wrong value stops them there with one line per
variable, never a stack trace and never later at a patient's message.

An empty value counts as unset. Values whose reading is the domain's own logic stay text
here and are read by their module, which names the variable in its errors: the opening
hours (``bot/clinic_hours.py``), the clinic token's length (``clinic/web.py``) and which
messaging platforms are complete (``channels/config.py``). Variables only the test suite
reads (``FLARECARE_TEST_*``, ``FLARECARE_SKIP_BROWSER``, ``FLARECARE_CHROMIUM``,
``FLARECARE_FUZZ_EXAMPLES``) belong to the tests. The README's "Configuration" table
lists every variable below with the same default (``tests/test_settings.py``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional

REPO_ROOT = Path(__file__).resolve().parent


class SettingsError(ValueError):
    """One or more variables hold a value that cannot be used; the message names each."""


def _whole_days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if days < 1:
        raise ValueError("must be a whole number of days, at least 1")
    return days


def _seconds(raw: str) -> float:
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:  # also refuses nan
        raise ValueError("must be a number of seconds above 0")
    return seconds


def _region(raw: str) -> str:
    return raw.strip().upper()


def _variable(name: str, default: Any, meaning: str, read: Callable[[str], Any] = str) -> Any:
    """A dataclass field read from ``name``; ``read`` turns the text into the value or raises ValueError."""
    return field(default=default, metadata={"variable": name, "meaning": meaning, "read": read})


def _text(name: str, meaning: str) -> Any:
    return _variable(name, None, meaning)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = _variable("FLARECARE_DATA_DIR", REPO_ROOT / "var",
                               "the git-ignored folder of the SQLite files, generated config and API token", Path)
    database_url: Optional[str] = _text("FLARECARE_DATABASE_URL",
                                        "PostgreSQL for the tracker store and the project's tables (unset: SQLite)")
    redis_url: Optional[str] = _text("FLARECARE_REDIS_URL", "Redis for Rasa's conversation locks (several replicas)")
    rasa_token: Optional[str] = _text("FLARECARE_RASA_TOKEN", "the Rasa HTTP API's token (unset: generated once)")
    bind: str = _variable("FLARECARE_BIND", "127.0.0.1", "the interface the servers listen on")
    region: str = _variable("FLARECARE_REGION", "US", "whose emergency, crisis and poison numbers patients get",
                            _region)
    clinic_hours: Optional[str] = _text("FLARECARE_CLINIC_HOURS", "the clinic's hours in words, for hand-offs")
    clinic_open: Optional[str] = _text("FLARECARE_CLINIC_OPEN", "the clinic's weekly opening hours, 24-hour")
    clinic_tz: Optional[str] = _text("FLARECARE_CLINIC_TZ", "the clinic's IANA time zone")
    clinic_articles: Optional[Path] = _variable("FLARECARE_CLINIC_ARTICLES", None,
                                                "the clinic's own article folder", Path)
    clinic_token: Optional[str] = _text("FLARECARE_CLINIC_TOKEN", "the clinic report page's password")
    action_timeout: float = _variable("FLARECARE_ACTION_TIMEOUT", 30.0,
                                      "seconds Rasa waits for one custom action", _seconds)
    retention_days: int = _variable("FLARECARE_RETENTION_DAYS", 180,
                                    "days conversations and records are kept", _whole_days)
    encoder_dir: Path = _variable("FLARECARE_ENCODER_DIR", REPO_ROOT / "weights" / "all-MiniLM-L6-v2",
                                  "the sentence encoder's verified files", Path)
    # Messaging platforms (channels/config.py: a platform is on when all its required ones are set).
    telegram_access_token: Optional[str] = _text("TELEGRAM_ACCESS_TOKEN", "Telegram: the bot token")
    telegram_verify: Optional[str] = _text("TELEGRAM_VERIFY", "Telegram: the bot's username")
    telegram_webhook_url: Optional[str] = _text("TELEGRAM_WEBHOOK_URL", "Telegram: the public webhook URL")
    slack_bot_token: Optional[str] = _text("SLACK_BOT_TOKEN", "Slack: the bot token")
    slack_signing_secret: Optional[str] = _text("SLACK_SIGNING_SECRET", "Slack: the app's signing secret")
    slack_channel: Optional[str] = _text("SLACK_CHANNEL", "Slack: the channel to post to (optional)")
    twilio_account_sid: Optional[str] = _text("TWILIO_ACCOUNT_SID", "Twilio: the account SID")
    twilio_auth_token: Optional[str] = _text("TWILIO_AUTH_TOKEN", "Twilio: the auth token")
    twilio_number: Optional[str] = _text("TWILIO_NUMBER", "Twilio: the fallback sender number")
    twilio_webhook_url: Optional[str] = _text("TWILIO_WEBHOOK_URL", "Twilio: the public webhook URL")
    facebook_verify: Optional[str] = _text("FACEBOOK_VERIFY", "Messenger: the webhook verify token")
    facebook_app_secret: Optional[str] = _text("FACEBOOK_APP_SECRET", "Messenger: the app secret")
    facebook_page_access_token: Optional[str] = _text("FACEBOOK_PAGE_ACCESS_TOKEN", "Messenger: the page token")

    def value_of(self, variable: str) -> Any:
        """The value read from the environment variable named ``variable`` (for tables of names)."""
        return getattr(self, FIELD_OF[variable])


FIELD_OF: Dict[str, str] = {spec.metadata["variable"]: spec.name for spec in fields(Settings)}
_READERS = tuple((spec.name, spec.metadata["variable"], spec.metadata["read"]) for spec in fields(Settings))


def load(environ: Optional[Mapping[str, str]] = None) -> Settings:
    """The settings from ``environ`` (None: ``os.environ``, now); SettingsError naming every unusable value."""
    environ = os.environ if environ is None else environ
    values: Dict[str, Any] = {}
    problems: List[str] = []
    for attribute, name, read in _READERS:
        raw = environ.get(name)
        if raw is None or not raw.strip():
            continue  # unset: the field's default
        try:
            values[attribute] = read(raw)
        except ValueError as error:
            problems.append(f"{name} {error} (got {raw!r})")
    if problems:
        raise SettingsError("; ".join(problems))
    return Settings(**values)


def load_or_exit(environ: Optional[Mapping[str, str]] = None) -> Settings:
    """For entry points: the settings, or exit with the problem in one line (no stack trace)."""
    try:
        return load(environ)
    except SettingsError as error:
        raise SystemExit(f"configuration: {error}") from None
