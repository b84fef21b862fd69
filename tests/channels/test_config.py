"""The effective credentials file: rest + socketio always, each fully configured platform."""
import stat

import pytest
import requests
import yaml
from rasa.shared.utils.io import read_config_file

from channels.config import GUARDED_CHANNELS, PLATFORMS, effective_credentials, write_credentials
from settings import FIELD_OF
from tests.channels.conftest import ENV
from tests.conftest import ROOT, start_assistant, stop_assistant

DEFAULT = yaml.safe_load((ROOT / "credentials.yml").read_text())


def test_root_credentials_stay_the_documented_default():
    assert set(DEFAULT) == {"rest", "socketio"} and DEFAULT["socketio"]["session_persistence"] is True


def test_without_platform_variables_only_rest_and_socketio():
    credentials, notes = effective_credentials({})
    assert credentials == {GUARDED_CHANNELS[name]: entry for name, entry in DEFAULT.items()} and notes == []


def test_every_platform_with_all_its_variables(tmp_path, monkeypatch):
    path = tmp_path / "credentials.yml"
    notes = write_credentials(path, ENV)
    assert len(notes) == 4 and all(": on, webhook /webhooks/" in note for note in notes)
    written = path.read_text()
    for secret in ENV.values():
        assert secret not in written  # ${VAR} references only: no secret on disk
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    loaded = read_config_file(str(path))  # as `rasa run --credentials` reads it
    assert loaded[GUARDED_CHANNELS["rest"]] is None and loaded[GUARDED_CHANNELS["socketio"]] == DEFAULT["socketio"]
    assert loaded["channels.telegram.VerifiedTelegramInput"] == {"access_token": ENV["TELEGRAM_ACCESS_TOKEN"], "verify": ENV["TELEGRAM_VERIFY"],
                                  "webhook_url": ENV["TELEGRAM_WEBHOOK_URL"]}
    assert loaded["slack"] == {"slack_token": ENV["SLACK_BOT_TOKEN"], "slack_signing_secret": ENV["SLACK_SIGNING_SECRET"]}
    assert loaded["channels.twilio_numbered.NumberedTwilioInput"]["auth_token"] == ENV["TWILIO_AUTH_TOKEN"]
    assert loaded["channels.messenger.FittedFacebookInput"]["page-access-token"] == ENV["FACEBOOK_PAGE_ACCESS_TOKEN"]


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
def test_a_platform_missing_a_variable_is_off_and_says_which(platform):
    environ = dict(ENV)
    missing = list(platform.required.values())[-1]
    del environ[missing]
    credentials, notes = effective_credentials(environ)
    assert platform.connector not in credentials
    [note] = [n for n in notes if n.startswith(platform.name)]
    assert note == f"{platform.name}: off, {missing} not set"
    assert all(value not in " ".join(notes) for value in ENV.values())


def test_optional_slack_channel():
    credentials, _ = effective_credentials({**ENV, "SLACK_CHANNEL": "#clinic-bot"})
    assert credentials["slack"]["slack_channel"] == "${SLACK_CHANNEL}"


def test_serve_starts_rasa_with_the_configured_platforms(tmp_path):
    """scripts/serve.py end to end: `rasa run` mounts the webhooks of the platforms set.

    Telegram is left out here: its connector calls Telegram's setWebhook at start.
    """
    environ = {name: value for name, value in ENV.items() if not name.startswith("TELEGRAM")}
    environ["TELEGRAM_ACCESS_TOKEN"] = "only-one-telegram-variable"
    assistant = start_assistant(tmp_path, environ, "--no-actions")
    try:
        log = assistant.log.read_text()
        assert "messaging: Slack: on, webhook /webhooks/slack/webhook" in log
        assert "messaging: Telegram: off, TELEGRAM_VERIFY, TELEGRAM_WEBHOOK_URL not set" in log
        for secret in environ.values():
            assert secret not in log
        for platform in ("slack", "twilio", "facebook"):
            assert requests.get(f"{assistant.rasa_url}/webhooks/{platform}/", timeout=10).json() == {"status": "ok"}
        assert requests.get(f"{assistant.rasa_url}/webhooks/telegram/", timeout=10).status_code == 404
        unsigned = requests.post(f"{assistant.rasa_url}/webhooks/twilio/webhook", data={"From": "+1555", "Body": "hi"}, timeout=10)
        assert unsigned.status_code == 403
        assert assistant.say("rest-still-works", "hi")  # rest is always on
    finally:
        stop_assistant(assistant)


def test_every_platform_variable_is_a_setting():
    """Each is read through settings.py and listed in the README's configuration table."""
    named = {variable for platform in PLATFORMS for variable in {**platform.required, **platform.optional}.values()}
    assert named <= set(FIELD_OF)
