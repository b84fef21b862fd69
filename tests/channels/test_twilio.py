"""Twilio SMS / WhatsApp: signed form posts in, numbered options out, "1" selects a button."""
from urllib.parse import urlencode

from bot.flare_form import extent_payload as extent
from channels.twilio_numbered import numbered_options
from tests.channels.conftest import ENV, twilio_signature

PATH = "/webhooks/twilio/webhook"


def sms(sender, body, to=ENV["TWILIO_NUMBER"], n=[0]):
    """The form Twilio posts for an incoming message."""
    n[0] += 1
    sid = f"SM{n[0]:032d}"
    return {
        "ToCountry": "US", "ToState": "CA", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "", "FromZip": "",
        "SmsSid": sid, "FromState": "NY", "SmsStatus": "received", "FromCity": "", "Body": body, "FromCountry": "US",
        "To": to, "MessagingServiceSid": "", "NumSegments": "1", "ReferralNumMedia": "0", "MessageSid": sid,
        "AccountSid": ENV["TWILIO_ACCOUNT_SID"], "From": sender, "ApiVersion": "2010-04-01",
    }


def post(server, form, signature=None):
    signature = twilio_signature(ENV["TWILIO_WEBHOOK_URL"], form) if signature is None else signature
    return server.post(PATH, urlencode(form).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})


def say(server, sender, body, expect, to=ENV["TWILIO_NUMBER"]):
    """Send one message; return the new outbound messages (``expect`` of them at least)."""
    before = len(server.outbox.to("twilio", sender))
    response = post(server, sms(sender, body, to))
    assert response.status_code == 204
    server.outbox.wait_for("twilio", sender, before + expect)
    return server.outbox.settle("twilio", sender, quiet=1.0)[before:]


def test_greeting_buttons_become_numbered_options_in_one_sms(channel_server):
    sender = "+15551230001"
    [greeting] = say(channel_server, sender, "hi", 1)
    assert greeting["method"] == "POST"
    assert greeting["url"].endswith(f"/Accounts/{ENV['TWILIO_ACCOUNT_SID']}/Messages.json")
    assert greeting["sender"] == ENV["TWILIO_NUMBER"]
    assert greeting["text"].startswith("Hi, I'm FlareCare")
    assert "\n1. Check my flare  2. Is a flare normal?  3. Talk to the clinic\n" in greeting["text"]
    assert "/report_flare" not in greeting["text"]  # payloads stay hidden


def test_replying_with_a_number_selects_that_button_through_the_form(channel_server):
    sender = "+15551230002"
    say(channel_server, sender, "hi", 1)
    replies = say(channel_server, sender, "1", 2)  # 1. Check my flare
    assert "I'm sorry your skin is flaring" in replies[0]["text"]
    question = replies[-1]["text"]
    assert question.startswith("How bad is the flare right now?")
    assert "\n1. Mild — a few new spots\n2. Moderate — many inflamed spots\n3. Severe" in question  # long: one a line

    [next_question] = say(channel_server, sender, " 2. ", 1)  # Moderate
    assert next_question["text"].startswith("Are any of the spots open")
    assert "\n1. Yes  2. No\n" in next_question["text"]
    [next_question] = say(channel_server, sender, "2", 1)  # No
    assert next_question["text"].startswith("Do you have a fever")
    say(channel_server, sender, "2", 1)  # No → "How long ago did you take your first dose?" (no buttons)
    say(channel_server, sender, "6", 1)  # no options on offer: "6" stays "6"
    assert channel_server.user_texts(sender) == ["hi", "/report_flare", extent("moderate"), "/deny", "/deny", "6"]


def test_a_number_out_of_range_is_passed_on_as_typed(channel_server):
    sender = "+15551230003"
    say(channel_server, sender, "hi", 1)
    say(channel_server, sender, "7", 1)
    assert channel_server.user_texts(sender) == ["hi", "7"]


def test_whatsapp_reply_goes_out_from_the_whatsapp_sender(channel_server):
    sender, business = "whatsapp:+15551230004", "whatsapp:+14155238886"
    [greeting] = say(channel_server, sender, "hi", 1, to=business)
    assert greeting["to"] == sender and greeting["sender"] == business
    replies = say(channel_server, sender, "3", 1, to=business)  # 3. Talk to the clinic
    assert "I've asked your clinic's team to get in touch" in replies[0]["text"]
    assert channel_server.handoff_triggers(sender) == ["patient_request"]


def test_red_flag_by_sms_gets_the_static_escalation(channel_server):
    sender = "+15551230005"
    replies = say(channel_server, sender, "I want to kill myself", 2)
    assert replies[0]["text"].startswith("⚠️") and "988" in replies[0]["text"]
    assert channel_server.handoff_triggers(sender) == ["red_flag"]


def test_unsigned_or_forged_requests_are_refused(channel_server):
    sender = "+15551230006"
    form = sms(sender, "hi")
    assert post(channel_server, form, signature="").status_code == 403
    assert post(channel_server, form, signature=twilio_signature(ENV["TWILIO_WEBHOOK_URL"], form, token="wrong")).status_code == 403
    tampered = {**form, "From": "+15559999999"}  # signed for another sender
    assert post(channel_server, tampered, signature=twilio_signature(ENV["TWILIO_WEBHOOK_URL"], form)).status_code == 403
    assert channel_server.outbox.to("twilio", sender) == [] and channel_server.user_texts(sender) == []


def test_related_questions_arrive_as_numbered_options_and_a_number_answers_one(channel_server):
    sender = "+15551230007"
    # what the widget's "Is a flare normal?" sends; Rasa sends each paragraph as its own SMS
    answer = "\n\n".join(m["text"] for m in say(channel_server, sender, "/ask_flare_rate", 1))
    assert "15%" in answer and "Source: " in answer
    assert ("\n1. Tell me more\n2. No, thanks\n3. When does a flare start, and how long does it last?"
            "\n4. Is a flare a good or a bad sign?\n5. Can a flare be prevented?\n") in answer
    assert "/ask_topic" not in answer  # payloads stay hidden

    related = "\n\n".join(m["text"] for m in say(channel_server, sender, "4", 1))
    assert related.startswith("A flare is neither a good nor a bad sign")
    assert "Source: " in related and "\n1. Tell me more\n" in related
    assert channel_server.user_texts(sender) == ["/ask_flare_rate", '/ask_topic{"topic":"flare_meaning"}']


def test_numbered_options_without_buttons_is_just_the_text():
    assert numbered_options("Hello", []) == "Hello"
