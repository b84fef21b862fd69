"""Slack: signed Events API and interactivity requests in, chat.postMessage out."""
import json
import time
from urllib.parse import urlencode

from tests.channels.conftest import ENV, slack_headers

PATH = "/webhooks/slack/webhook"


def message_event(user, channel, text):
    ts = f"{time.time():.6f}"
    return {
        "token": "ZZZZZZWSxiZZZ2yIvs3peJ", "team_id": "T061EG9R6", "api_app_id": "A0MDYCDME",
        "event": {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                  "event_ts": ts, "channel_type": "im", "client_msg_id": "d31b2c1e-66b2-4d4b-9d4e-5d6d3e0c2c0a"},
        "type": "event_callback", "event_id": "Ev0MDYHUEL", "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": "T061EG9R6", "user_id": "U0BOTUSER",
                            "is_bot": True, "is_enterprise_install": False}],
    }


def post_event(server, event, headers=None):
    body = json.dumps(event).encode()
    return server.post(PATH, body, headers or slack_headers(body, "application/json"))


def test_url_verification_challenge(channel_server):
    response = post_event(channel_server, {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "type": "url_verification",
                                           "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})
    assert response.status_code == 200 and response.json() == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


def test_direct_message_gets_the_greeting_with_buttons(channel_server):
    channel = "D0SLACK001"
    assert post_event(channel_server, message_event("U0PATIENT1", channel, "hi")).status_code == 200
    [greeting] = channel_server.outbox.wait_for("slack", channel, 1)
    assert greeting["method"] == "chat.postMessage" and greeting["token"] == ENV["SLACK_BOT_TOKEN"]
    assert greeting["text"].startswith("Hi, I'm FlareCare")
    section, actions = greeting["blocks"]
    assert section["text"]["text"] == greeting["text"]
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [
        ("Check my flare", "/report_flare"), ("Is a flare normal?", "/ask_flare_rate"), ("Talk to the clinic", "/request_human"),
    ]


def test_button_click_is_handled_as_its_payload(channel_server):
    user, channel = "U0PATIENT2", "D0SLACK002"
    payload = {
        "type": "block_actions", "user": {"id": user, "username": "pat", "team_id": "T061EG9R6"},
        "api_app_id": "A0MDYCDME", "token": "ZZZZZZWSxiZZZ2yIvs3peJ", "container": {"type": "message"},
        "trigger_id": "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
        "team": {"id": "T061EG9R6", "domain": "clinic"}, "channel": {"id": channel, "name": "directmessage"},
        "message": {"type": "message", "ts": "1548261231.000200", "text": "Hi, I'm FlareCare"},
        "actions": [{"type": "button", "action_id": "x1", "block_id": "b1", "value": "/request_human",
                     "text": {"type": "plain_text", "text": "Talk to the clinic"}, "action_ts": "1548426417.840180"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    response = channel_server.post(PATH, body, slack_headers(body, "application/x-www-form-urlencoded"))
    assert response.status_code == 200
    [reply] = channel_server.outbox.wait_for("slack", channel, 1)
    assert "I've asked your clinic's team to get in touch" in reply["text"]
    assert channel_server.handoff_triggers(user) == ["patient_request"]


def test_red_flag_in_slack(channel_server):
    channel = "D0SLACK003"
    assert post_event(channel_server, message_event("U0PATIENT3", channel, "I want to kill myself")).status_code == 200
    replies = channel_server.outbox.wait_for("slack", channel, 2)
    assert replies[0]["text"].startswith("⚠️") and "988" in replies[0]["text"]


def test_bad_or_stale_signatures_are_refused(channel_server):
    channel = "D0SLACK004"
    event = message_event("U0PATIENT4", channel, "hi")
    body = json.dumps(event).encode()
    forged = {**slack_headers(body, "application/json"), "X-Slack-Signature": "v0=" + "0" * 64}
    stale = slack_headers(body, "application/json", timestamp=int(time.time()) - 600)  # a replay
    for headers in (forged, stale, {"Content-Type": "application/json"}):
        assert channel_server.post(PATH, body, headers).status_code == 400
    time.sleep(1.5)
    assert channel_server.outbox.to("slack", channel) == []


def test_an_answer_keeps_all_five_buttons_within_slacks_limits(channel_server):
    """Slack drops every button past five and refuses a button text over 75 characters."""
    channel = "D0SLACK005"
    assert post_event(channel_server, message_event("U0PATIENT5", channel, "/ask_flare_rate")).status_code == 200
    messages = channel_server.outbox.settle("slack", channel)
    with_buttons = [m for m in messages if m["blocks"] and len(m["blocks"]) == 2]
    [answer] = with_buttons
    buttons = answer["blocks"][1]["elements"]
    assert [b["value"] for b in buttons] == [
        "/tell_more", "/deny", '/ask_topic{"topic":"flare_duration"}', '/ask_topic{"topic":"flare_meaning"}',
        '/ask_topic{"topic":"prevention"}']
    assert all(len(b["text"]["text"]) <= 75 for b in buttons)
