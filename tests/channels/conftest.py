"""A real Rasa server with every messaging connector, in this process.

The server is built the way ``rasa run`` builds it — ``create_http_input_channels``
on the credentials file ``scripts/serve.py`` writes (channels.config), then
``configure_app`` and ``load_agent`` with the trained model, a SQLite tracker
store and a real action server (a subprocess) — and serves on a free port.
Tests post each platform's webhook payload to it over HTTP.

Only the outbound HTTP call of each platform client is replaced, so each
connector builds its real request:

* Telegram: ``aiogram.Bot.request`` (getMe, setWebhook, sendMessage, ...)
* Slack: ``slack_sdk AsyncWebClient.api_call`` (chat.postMessage)
* Twilio: ``twilio TwilioHttpClient.request`` (POST .../Messages.json)
* Facebook: ``fbmessenger.MessengerClient.send`` / ``send_action``
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import requests
import structlog

from tests.conftest import MODEL, ROOT, free_port

ENV = {
    "TELEGRAM_ACCESS_TOKEN": "123456:test-telegram-token",
    "TELEGRAM_VERIFY": "flarecare_test_bot",
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
    "SLACK_BOT_TOKEN": "xoxb-test-slack-token",
    "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_NUMBER": "+15550000000",
    "TWILIO_WEBHOOK_URL": "https://bot.example.org/webhooks/twilio/webhook",
    "FACEBOOK_VERIFY": "test-fb-verify",
    "FACEBOOK_APP_SECRET": "test-fb-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "test-fb-page-token",
}


@dataclass
class Outbox:
    """What the connectors tried to send to the platforms, in order."""

    calls: List[Dict[str, Any]] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def add(self, **call: Any) -> None:
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

    def to(self, platform: str, recipient: str, kind: str = "message") -> List[Dict[str, Any]]:
        with self.changed:
            return [c for c in self.calls if c["platform"] == platform and c["to"] == recipient and c["kind"] == kind]

    def wait_for(self, platform: str, recipient: str, count: int, timeout: float = 60) -> List[Dict[str, Any]]:
        """The first ``count`` messages to ``recipient``, waiting (Slack answers in the background)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.to(platform, recipient)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{platform}: expected {count} messages to {recipient}, got {self.to(platform, recipient)}")
                self.changed.wait(left)
            return self.to(platform, recipient)

    def settle(self, platform: str, recipient: str, quiet: float = 1.5) -> List[Dict[str, Any]]:
        """All messages to ``recipient`` once none arrived for ``quiet`` seconds."""
        seen = -1
        while True:
            messages = self.to(platform, recipient)
            if len(messages) == seen:
                return messages
            seen = len(messages)
            time.sleep(quiet)


def install_outbound_fakes(monkeypatch: pytest.MonkeyPatch, outbox: Outbox) -> None:
    import aiogram
    import fbmessenger
    from slack_sdk.web.async_client import AsyncWebClient
    from twilio.http.http_client import TwilioHttpClient
    from twilio.http.response import Response

    async def telegram_request(self, method, data=None, files=None, **kwargs):
        data = dict(data or {})
        if method == "getMe":
            return {"id": 42, "is_bot": True, "first_name": "FlareCare", "username": ENV["TELEGRAM_VERIFY"]}
        if method == "setWebhook":
            outbox.add(platform="telegram", kind="set_webhook", to=None, url=data.get("url"),
                       secret_token=data.get("secret_token"))
            return True
        markup = json.loads(data["reply_markup"]) if data.get("reply_markup") else None
        outbox.add(platform="telegram", kind="message", method=method, to=str(data.get("chat_id")),
                   text=data.get("text"), reply_markup=markup)
        return {"message_id": len(outbox.calls), "date": int(time.time()),
                "chat": {"id": int(data["chat_id"]), "type": "private"}, "text": data.get("text")}

    async def slack_api_call(self, api_method, *, http_verb="POST", files=None, data=None, params=None,
                             json=None, headers=None, auth=None):
        body = dict(json or data or {})
        outbox.add(platform="slack", kind="message", method=api_method, to=body.get("channel"),
                   text=body.get("text"), blocks=body.get("blocks"), token=self.token)
        return {"ok": True}

    def twilio_http_request(self, method, url, params=None, data=None, headers=None, auth=None,
                            timeout=None, allow_redirects=False):
        data = dict(data or {})
        outbox.add(platform="twilio", kind="message", method=method, url=url, to=data.get("To"),
                   sender=data.get("From"), text=data.get("Body"), auth=auth)
        return Response(201, json.dumps({"sid": "SM" + "1" * 32, "status": "queued", "to": data.get("To"),
                                         "from": data.get("From"), "body": data.get("Body")}))

    def facebook_send(self, payload, recipient_id, messaging_type="RESPONSE", notification_type="REGULAR",
                      timeout=None, tag=None):
        outbox.add(platform="facebook", kind="message", to=recipient_id, payload=payload,
                   messaging_type=messaging_type, token=self.page_access_token)
        return {"recipient_id": recipient_id, "message_id": "mid.test"}

    def facebook_send_action(self, sender_action, recipient_id, timeout=None):
        outbox.add(platform="facebook", kind="action", to=recipient_id, payload=sender_action)
        return {"recipient_id": recipient_id}

    monkeypatch.setattr(aiogram.Bot, "request", telegram_request)
    monkeypatch.setattr(AsyncWebClient, "api_call", slack_api_call)
    monkeypatch.setattr(TwilioHttpClient, "request", twilio_http_request)
    monkeypatch.setattr(fbmessenger.MessengerClient, "send", facebook_send)
    monkeypatch.setattr(fbmessenger.MessengerClient, "send_action", facebook_send_action)


@dataclass
class ChannelServer:
    url: str
    outbox: Outbox
    data_dir: Path

    def post(self, path: str, body: bytes, headers: Dict[str, str]) -> requests.Response:
        return requests.post(f"{self.url}{path}", data=body, headers=headers, timeout=60)

    def user_texts(self, sender: str) -> List[str]:
        """What the tracker store recorded as the patient's messages (after any mapping)."""
        with closing(sqlite3.connect(self.data_dir / "tracker.db")) as db:
            rows = db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
            ).fetchall()
        return [json.loads(data).get("text") for (data,) in rows]

    def handoff_triggers(self, sender: str) -> List[str]:
        with closing(sqlite3.connect(self.data_dir / "flarecare.db")) as db:
            rows = db.execute("SELECT trigger FROM handoffs WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
        return [trigger for (trigger,) in rows]


def _wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the action server did not start:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def channel_server(tmp_path_factory):
    if not MODEL.exists():
        pytest.skip("no trained model: run `make setup` first")
    from rasa.core.agent import load_agent
    from rasa.core.run import configure_app, create_http_input_channels
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig
    from sanic import Sanic

    from channels.config import write_credentials

    data_dir = tmp_path_factory.mktemp("channels")
    outbox = Outbox()
    # Rasa logs through structlog, unconfigured (debug, to stdout) outside `rasa run`: keep it quiet.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with pytest.MonkeyPatch.context() as patches:
        install_outbound_fakes(patches, outbox)  # for the whole session
        # The platform variables and data directory are needed only while starting up.
        with pytest.MonkeyPatch.context() as env:
            for name, value in ENV.items():
                env.setenv(name, value)
            env.setenv("FLARECARE_DATA_DIR", str(data_dir))
            env.delenv("FLARECARE_DATABASE_URL", raising=False)
            actions, action_port = _start_action_server(data_dir)
            try:
                credentials = data_dir / "credentials.yml"
                write_credentials(credentials)
                patches.setattr(Sanic, "test_mode", True)  # several Rasa apps in one process
                app = configure_app(create_http_input_channels(None, str(credentials)), enable_api=False,
                                    use_uvloop=False)
            except BaseException:
                _stop(actions)
                raise
        try:
            endpoints = AvailableEndpoints(
                action=EndpointConfig(url=f"http://127.0.0.1:{action_port}/webhook"),
                tracker_store=EndpointConfig(type="SQL", dialect="sqlite", db=str(data_dir / "tracker.db")),
            )
            port = free_port()
            loop = asyncio.new_event_loop()
            ready = threading.Event()
            failure: List[BaseException] = []

            async def start() -> None:
                app.ctx.agent = await load_agent(model_path=str(MODEL), endpoints=endpoints)
                server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
                await server.startup()
                await server.after_start()

            def run() -> None:
                asyncio.set_event_loop(loop)
                try:
                    loop.run_until_complete(start())
                except BaseException as error:  # reported to the test thread
                    failure.append(error)
                    ready.set()
                    return
                ready.set()
                loop.run_forever()

            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            ready.wait(300)
            if failure:
                raise failure[0]
            yield ChannelServer(f"http://127.0.0.1:{port}", outbox, data_dir)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
        finally:
            _stop(actions)
            structlog.reset_defaults()


def _start_action_server(data_dir: Path):
    """A real action server (hand-offs, form questions, FAQ) on the data directory's tables."""
    from knowledge.loader import load_articles
    from storage.database import migrate, session_scope

    migrate()
    with session_scope() as session:  # as scripts/serve.py does
        load_articles(session)
    port = free_port()
    log = data_dir / "actions.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_http(f"http://127.0.0.1:{port}/health", process, log)
    except BaseException:
        _stop(process)
        raise
    return process, port


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


# --- request signing, as each platform does it -------------------------------------------


def slack_headers(body: bytes, content_type: str, timestamp: Optional[int] = None) -> Dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:".encode() + body
    digest = hmac.new(ENV["SLACK_SIGNING_SECRET"].encode(), base, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def twilio_signature(url: str, params: Dict[str, str], token: str = ENV["TWILIO_AUTH_TOKEN"]) -> str:
    """Twilio's documented scheme: HMAC-SHA1 of the URL + sorted key/value pairs, base64."""
    signed = url + "".join(key + params[key] for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


def facebook_signature(body: bytes, secret: str = ENV["FACEBOOK_APP_SECRET"]) -> str:
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
