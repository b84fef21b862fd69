"""Facebook Messenger: signed webhook JSON in, MessengerClient.send out."""
import json
import time

from bot.flare_form import extent_payload as extent
from tests.channels.conftest import ENV, facebook_signature

PATH = "/webhooks/facebook/webhook"
PAGE = "104000000000001"
MESSENGER_TEXT_LIMIT = 640  # button template text; longer messages are refused by the Graph API
MESSENGER_TITLE_LIMIT = 20  # button title


def webhook(psid, item):
    now = int(time.time() * 1000)
    return {"object": "page", "entry": [{"id": PAGE, "time": now, "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": PAGE}, "timestamp": now, **item}]}]}


def post(server, payload, signature=None):
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature": signature or facebook_signature(body)}
    return server.post(PATH, body, headers)


def text(psid, words):
    return webhook(psid, {"message": {"mid": f"m_{psid}_{time.time()}", "text": words}})


def test_webhook_verification(channel_server):
    import requests

    params = {"hub.mode": "subscribe", "hub.verify_token": ENV["FACEBOOK_VERIFY"], "hub.challenge": "1158201444"}
    assert requests.get(f"{channel_server.url}{PATH}", params=params, timeout=10).text == "1158201444"
    params["hub.verify_token"] = "wrong"
    assert requests.get(f"{channel_server.url}{PATH}", params=params, timeout=10).text != "1158201444"


def test_greeting_is_a_button_template(channel_server):
    psid = "6000000000000001"
    assert post(channel_server, text(psid, "hi")).text == "success"
    [greeting] = channel_server.outbox.wait_for("facebook", psid, 1)
    assert greeting["token"] == ENV["FACEBOOK_PAGE_ACCESS_TOKEN"] and greeting["messaging_type"] == "RESPONSE"
    template = greeting["payload"]["attachment"]["payload"]
    assert template["template_type"] == "button" and template["text"].startswith("Hi, I'm FlareCare")
    assert [(b["type"], b["title"], b["payload"]) for b in template["buttons"]] == [
        ("postback", "Check my flare", "/report_flare"), ("postback", "Is a flare normal?", "/ask_flare_rate"),
        ("postback", "Talk to the clinic", "/request_human"),
    ]
    assert len(template["text"]) <= MESSENGER_TEXT_LIMIT
    assert all(len(b["title"]) <= MESSENGER_TITLE_LIMIT for b in template["buttons"])
    actions = [call["payload"] for call in channel_server.outbox.to("facebook", psid, kind="action")]
    assert actions == ["mark_seen", "typing_on", "typing_off"]


def test_postback_runs_the_hand_off(channel_server):
    psid = "6000000000000002"
    item = {"postback": {"title": "Talk to the clinic", "payload": "/request_human", "mid": "m_postback"}}
    assert post(channel_server, webhook(psid, item)).text == "success"
    [reply] = channel_server.outbox.wait_for("facebook", psid, 1)
    assert "I've asked your clinic's team to get in touch" in reply["payload"]["text"]
    assert channel_server.handoff_triggers(psid) == ["patient_request"]


def test_red_flag_in_messenger(channel_server):
    psid = "6000000000000003"
    assert post(channel_server, text(psid, "I want to kill myself")).text == "success"
    replies = channel_server.outbox.wait_for("facebook", psid, 2)
    assert replies[0]["payload"]["text"].startswith("⚠️") and "988" in replies[0]["payload"]["text"]


def test_wrong_signature_is_not_processed(channel_server):
    psid = "6000000000000004"
    payload = text(psid, "hi")
    body = json.dumps(payload).encode()
    assert post(channel_server, payload, signature=facebook_signature(body, secret="wrong")).text == "not validated"
    assert post(channel_server, payload, signature="sha1=").text == "not validated"
    assert channel_server.outbox.to("facebook", psid) == []


def fits_messenger(call):
    """The Send API's limits: what Messenger would refuse (and the patient never see)."""
    message = call["payload"]
    if "attachment" in message:
        template = message["attachment"]["payload"]
        return (len(template["text"]) <= MESSENGER_TEXT_LIMIT and len(template["buttons"]) <= 3
                and all(len(b["title"]) <= MESSENGER_TITLE_LIMIT for b in template["buttons"]))
    return len(message["text"]) <= 2000 and all(
        len(reply["title"]) <= MESSENGER_TITLE_LIMIT for reply in message.get("quick_replies", []))


def tap(server, psid, payload):
    before = len(server.outbox.to("facebook", psid))
    assert post(server, webhook(psid, {"postback": {"title": "x", "payload": payload}})).text == "success"
    server.outbox.wait_for("facebook", psid, before + 1)
    return server.outbox.settle("facebook", psid, quiet=1.0)[before:]


RELATED_TO_FLARE_RATE = [  # flare_rate.md: related: [flare_duration, flare_meaning, prevention]
    ("When does a flare start, and how long does it last?", '/ask_topic{"topic":"flare_duration"}'),
    ("Is a flare a good or a bad sign?", '/ask_topic{"topic":"flare_meaning"}'),
    ("Can a flare be prevented?", '/ask_topic{"topic":"prevention"}'),
]


def test_long_faq_answer_keeps_its_buttons_and_related_questions_as_numbered_quick_replies(channel_server):
    psid = "6000000000000005"
    parts = tap(channel_server, psid, "/ask_flare_rate")  # ~750 characters: too long for a template
    assert all(fits_messenger(call) for call in parts)
    assert "15%" in " ".join(call["payload"]["text"] for call in parts)
    last = parts[-1]["payload"]
    # The related questions' titles are longer than 20 characters: every option is numbered in the text.
    options = [("Tell me more", "/tell_more"), ("No, thanks", "/deny")] + RELATED_TO_FLARE_RATE
    assert "\n".join(f"{i}. {title}" for i, (title, _) in enumerate(options, 1)) in last["text"]
    assert [(r["title"], r["payload"]) for r in last["quick_replies"]] == [
        (str(i), payload) for i, (_, payload) in enumerate(options, 1)]


def test_tapping_a_related_question_quick_reply_answers_that_article(channel_server):
    psid = "6000000000000007"
    tap(channel_server, psid, "/ask_flare_rate")
    before = len(channel_server.outbox.to("facebook", psid))
    reply = {"message": {"mid": "m_related", "text": "4", "quick_reply": {"payload": RELATED_TO_FLARE_RATE[1][1]}}}
    assert post(channel_server, webhook(psid, reply)).text == "success"
    channel_server.outbox.wait_for("facebook", psid, before + 1)
    answer = channel_server.outbox.settle("facebook", psid, quiet=1.0)[before:]
    text = " ".join(call["payload"].get("text") or call["payload"]["attachment"]["payload"]["text"] for call in answer)
    assert "neither a good nor a bad sign" in text, text
    assert "Source: " in text and all(fits_messenger(call) for call in answer)


def test_long_option_titles_are_numbered_with_number_quick_replies(channel_server):
    psid = "6000000000000006"
    replies = tap(channel_server, psid, "/report_flare")
    assert all(fits_messenger(call) for call in replies)
    question = replies[-1]["payload"]
    assert question["text"].startswith("How bad is the flare right now?")
    assert "\n1. Mild — a few new spots\n2. Moderate — many inflamed spots\n3. Severe" in question["text"]
    assert [(r["title"], r["payload"]) for r in question["quick_replies"]] == [
        ("1", extent("mild")), ("2", extent("moderate")), ("3", extent("severe"))]
    # Tapping "2" sends the payload: Messenger posts quick_reply.payload with the message.
    reply = {"message": {"mid": "m_qr", "text": "2", "quick_reply": {"payload": extent("moderate")}}}
    assert post(channel_server, webhook(psid, reply)).text == "success"
    channel_server.outbox.wait_for("facebook", psid, len(replies) + 1)
    follow_up = channel_server.outbox.to("facebook", psid)[-1]
    template = follow_up["payload"]["attachment"]["payload"]  # short enough for Rasa's button template
    assert template["text"].startswith("Are any of the spots open") and fits_messenger(follow_up)
    assert [(b["title"], b["payload"]) for b in template["buttons"]] == [("Yes", "/affirm"), ("No", "/deny")]
