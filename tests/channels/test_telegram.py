"""Telegram: a real update posted to the webhook, the reply reaches Bot.sendMessage."""
import json
import time

import requests

from channels.telegram import SECRET_HEADER, webhook_secret
from tests.channels.conftest import ENV

PATH = "/webhooks/telegram/webhook"
CHAT_ID = 70001234


def update(update_id, **body):
    return {"update_id": update_id, **body}


def text_message(text, chat_id=CHAT_ID, message_id=1):
    user = {"id": chat_id, "is_bot": False, "first_name": "Pat", "language_code": "en"}
    return {"message_id": message_id, "from": user, "chat": {"id": chat_id, "first_name": "Pat", "type": "private"},
            "date": int(time.time()), "text": text}


SECRET = webhook_secret(ENV["TELEGRAM_ACCESS_TOKEN"])


def post(server, payload, secret=SECRET):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret  # Telegram sends back the secret_token given to setWebhook
    return server.post(PATH, json.dumps(payload).encode(), headers)


def registrations(server):
    return [c for c in server.outbox.calls if c["kind"] == "set_webhook"]


def test_webhook_was_registered_at_start_with_a_secret(channel_server):
    [registered] = registrations(channel_server)[:1]
    assert registered["url"] == ENV["TELEGRAM_WEBHOOK_URL"] and registered["secret_token"] == SECRET
    assert len(SECRET) == 64 and ENV["TELEGRAM_ACCESS_TOKEN"] not in SECRET


def test_updates_without_the_secret_are_refused(channel_server):
    chat = CHAT_ID + 9
    for secret in (None, "", "0" * 64, SECRET[:-1]):
        response = post(channel_server, update(1009, message=text_message("hi", chat_id=chat)), secret=secret)
        assert response.status_code == 403
    time.sleep(1)
    assert channel_server.outbox.to("telegram", str(chat)) == []


def test_set_webhook_route_keeps_the_secret(channel_server):
    before = len(registrations(channel_server))
    assert requests.get(f"{channel_server.url}/webhooks/telegram/set_webhook", timeout=10).text == "Webhook setup successful"
    latest = registrations(channel_server)[before:]
    assert [c["secret_token"] for c in latest] == [SECRET]


def test_greeting_comes_back_with_inline_buttons(channel_server):
    response = post(channel_server, update(1001, message=text_message("hi")))
    assert response.status_code == 200 and response.text == "success"
    sent = channel_server.outbox.wait_for("telegram", str(CHAT_ID), 1)
    greeting = sent[0]
    assert greeting["method"] == "sendMessage" and greeting["text"].startswith("Hi, I'm FlareCare")
    [buttons] = greeting["reply_markup"]["inline_keyboard"]  # three short options: one row
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("Check my flare", "/report_flare"), ("Is a flare normal?", "/ask_flare_rate"), ("Talk to the clinic", "/request_human"),
    ]


def test_tapping_a_button_sends_its_payload(channel_server):
    chat = CHAT_ID + 1
    bot_message = {"message_id": 77, "from": {"id": 42, "is_bot": True, "first_name": "FlareCare"},
                   "chat": {"id": chat, "type": "private"}, "date": int(time.time()), "text": "Hi, I'm FlareCare"}
    tap = {"id": "4382bfdwdsb323b2d9", "from": {"id": chat, "is_bot": False, "first_name": "Pat"},
           "message": bot_message, "chat_instance": "-7312345", "data": "/request_human"}
    assert post(channel_server, update(1002, callback_query=tap)).status_code == 200
    sent = channel_server.outbox.wait_for("telegram", str(chat), 1)
    assert "I've asked your clinic's team to get in touch" in sent[0]["text"]
    assert channel_server.handoff_triggers(str(chat)) == ["patient_request"]


def test_related_questions_are_inline_buttons_whose_callback_answers_them(channel_server):
    chat = CHAT_ID + 5
    assert post(channel_server, update(1003, message=text_message("/ask_flare_rate", chat_id=chat))).status_code == 200
    [answer] = channel_server.outbox.wait_for("telegram", str(chat), 1)
    rows = answer["reply_markup"]["inline_keyboard"]
    assert all(len(row) == 1 for row in rows)  # five buttons, long titles: one per row, readable
    buttons = [button for row in rows for button in row]
    related = [b for b in buttons if b["callback_data"].startswith("/ask_topic")]
    assert [b["callback_data"] for b in related] == [
        '/ask_topic{"topic":"flare_duration"}', '/ask_topic{"topic":"flare_meaning"}', '/ask_topic{"topic":"prevention"}']
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)  # Telegram's limit for callback data

    bot_message = {"message_id": 78, "from": {"id": 42, "is_bot": True, "first_name": "FlareCare"},
                   "chat": {"id": chat, "type": "private"}, "date": int(time.time()), "text": answer["text"]}
    tap = {"id": "4382bfdwdsb323b2e0", "from": {"id": chat, "is_bot": False, "first_name": "Pat"},
           "message": bot_message, "chat_instance": "-7312346", "data": related[2]["callback_data"]}
    assert post(channel_server, update(1004, callback_query=tap)).status_code == 200
    sent = channel_server.outbox.wait_for("telegram", str(chat), 2)
    assert sent[1]["text"].startswith("A flare can often be made less likely") and "Source: " in sent[1]["text"]


def test_red_flag_escalates_on_telegram(channel_server):
    chat = CHAT_ID + 2
    assert post(channel_server, update(1003, message=text_message("I want to kill myself", chat_id=chat))).status_code == 200
    sent = channel_server.outbox.settle("telegram", str(chat))
    assert sent[0]["text"].startswith("⚠️") and "988" in sent[0]["text"]
    assert any("let your clinic's team know" in message["text"] for message in sent)
    assert channel_server.handoff_triggers(str(chat)) == ["red_flag"]


def test_an_update_for_another_bot_is_ignored(channel_server, monkeypatch):
    monkeypatch.setitem(ENV, "TELEGRAM_VERIFY", "someone_else_bot")  # getMe now names another bot
    chat = CHAT_ID + 3
    assert post(channel_server, update(1004, message=text_message("hi", chat_id=chat))).text == "failed"
    assert channel_server.outbox.to("telegram", str(chat)) == []
