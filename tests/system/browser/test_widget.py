"""The website widget (web/widget.js) in a real headless Chromium, against the real servers.

Every test opens the demo clinic page (web/index.html, the widget embedded as a
clinic would) in a fresh tab and talks to the real Rasa server over socket.io.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.system.browser.conftest import Chat

GREETING = "Hi, I'm FlareCare"
DISCLAIMER = "This is not medical advice. In an emergency call 911."
XSS = "<img src=x onerror=window.__xss=1>"


def test_faq_answer_is_shown_with_its_source(chat: Chat):
    chat.goto()
    expect(chat.launcher).to_be_visible()
    expect(chat.panel).to_be_hidden()
    chat.screenshot("01-launcher")

    chat.open()
    chat.expect_bot(GREETING)
    expect(chat.reply_button("Check my flare")).to_be_visible()
    expect(chat.page.get_by_text(DISCLAIMER, exact=True)).to_be_visible()

    chat.say("how common is it to break out on isotretinoin?")
    chat.expect_bot("15%")
    expect(chat.page.locator(".fc-msg.fc-source", has_text="Source: ")).to_be_visible()
    expect(chat.reply_button("Tell me more")).to_be_visible()
    expect(chat.typing).to_be_hidden()
    expect(chat.banner).to_have_count(0)  # an ordinary answer is not an alert
    chat.screenshot("02-faq-answer-with-source")


def test_typing_indicator_shows_until_the_reply_arrives(chat: Chat):
    # Hold the server's bot_uttered frames so "waiting for the bot" lasts until we release them.
    held, sockets, holding = [], [], {"on": False}

    def proxy(ws):
        server = ws.connect_to_server()
        sockets.append(ws)
        ws.on_message(lambda message: server.send(message))

        def from_server(message):
            if holding["on"] and isinstance(message, str) and message.startswith('42["bot_uttered"'):
                held.append(message)
            else:
                ws.send(message)

        server.on_message(from_server)

    chat.page.route_web_socket(re.compile(r"/socket\.io/"), proxy)
    chat.goto()
    chat.open()
    chat.expect_bot(GREETING)
    expect(chat.typing).to_be_hidden()

    holding["on"] = True
    chat.say("what causes the flare?")
    expect(chat.typing).to_be_visible()
    expect(chat.typing).to_contain_text("FlareCare is typing")
    chat.screenshot("03-typing-indicator")
    for _ in range(300):  # the reply reaches the proxy within a second or two
        if held:
            break
        chat.page.wait_for_timeout(100)
    assert held, "the server never answered"
    expect(chat.typing).to_be_visible()  # still waiting: the reply is held

    holding["on"] = False
    for message in held:
        sockets[-1].send(message)
    expect(chat.typing).to_be_hidden()
    expect(chat.page.locator(".fc-msg.fc-source")).to_be_visible()


def test_flare_form_by_quick_replies_and_typed_answers_ends_in_triage(chat: Chat):
    chat.goto()
    chat.open()
    chat.expect_bot(GREETING)

    chat.click_reply("Check my flare")
    greeting_row = chat.page.locator(".fc-replies").first
    for button in greeting_row.get_by_role("button").all():
        expect(button).to_be_disabled()
    expect(greeting_row.locator(".fc-chosen")).to_have_text("Check my flare")

    chat.expect_bot("How bad is the flare right now?")
    chat.click_reply("Mild — a few new spots")
    expect(chat.page.get_by_role("button", name="Moderate — many inflamed spots")).to_be_disabled()

    chat.expect_bot("Are any of the spots open")  # skin_breakdown
    chat.click_reply("No")
    chat.expect_bot("Do you have a fever")  # systemic_symptoms
    chat.click_reply("No")
    chat.expect_bot("first isotretinoin dose")  # treatment_week
    chat.say("6 weeks")
    chat.expect_bot("How long has this flare been going on?")  # flare_duration_weeks
    chat.say("about 2 weeks")
    chat.expect_bot("How many milligrams")  # daily_dose_mg
    chat.say("40 mg")
    chat.expect_bot("your weight")  # weight_kg
    chat.say("70 kg")

    chat.expect_bot("about 15% of people")
    chat.expect_bot("0.57 mg/kg/day")
    expect(chat.typing).to_be_hidden()
    chat.screenshot("04-flare-form-triage")

    slots = chat.tracker_slots()
    assert slots["triage_level"] == "self_care"
    assert (slots["flare_extent"], slots["skin_breakdown"], slots["systemic_symptoms"]) == ("mild", False, False)
    assert (slots["daily_dose_mg"], slots["weight_kg"]) == (40.0, 70.0)


def test_reload_keeps_the_conversation_and_the_rasa_session(chat: Chat):
    chat.goto()
    chat.open()
    chat.expect_bot(GREETING)
    chat.click_reply("Check my flare")
    chat.expect_bot("How bad is the flare right now?")
    chat.click_reply("Moderate — many inflamed spots")
    chat.expect_bot("Are any of the spots open")
    expect(chat.reply_button("No")).to_be_visible()

    before = chat.message_texts()
    session_id = chat.session_id()
    chat.page.reload()

    expect(chat.panel).to_be_visible()  # it was open, so it opens again
    expect(chat.page.locator(".fc-msg .fc-text")).to_have_count(len(before))
    assert chat.message_texts() == before
    assert chat.session_id() == session_id
    expect(chat.page.get_by_role("button", name="Severe — large painful lumps or cysts all over")).to_be_disabled()
    expect(chat.reply_button("No")).to_be_in_viewport()  # scrolled to the newest message
    chat.wait_online()
    chat.screenshot("05-after-reload")

    # The restored question still works: same Rasa conversation, the form carries on.
    chat.click_reply("No")
    chat.expect_bot("Do you have a fever")
    slots = chat.tracker_slots()
    assert slots["flare_extent"] == "moderate" and slots["skin_breakdown"] is False

    # Health data stays in this tab's sessionStorage only.
    assert chat.page.evaluate("() => localStorage.length") == 0
    assert chat.page.evaluate("() => document.cookie") == ""


def test_new_chat_forgets_the_conversation(chat: Chat):
    chat.goto()
    chat.open()
    chat.expect_bot(GREETING)
    chat.say("I want to kill myself")
    expect(chat.banner).to_be_visible()
    old_session = chat.session_id()

    chat.page.get_by_role("button", name="New chat").click()
    expect(chat.banner).to_have_count(0)
    expect(chat.user("I want to kill myself")).to_have_count(0)
    chat.expect_bot(GREETING)  # a new conversation greets again
    assert chat.session_id() != old_session
    assert chat.stored()["items"][0]["text"].startswith(GREETING)
    chat.page.reload()
    expect(chat.user("I want to kill myself")).to_have_count(0)
    expect(chat.panel).to_be_visible()


def test_emergency_message_raises_a_distinct_alert_banner(chat: Chat):
    chat.goto()
    chat.open()
    chat.expect_bot(GREETING)
    chat.say("I want to kill myself")

    expect(chat.banner).to_be_visible()
    expect(chat.banner).to_contain_text("988")
    expect(chat.banner).to_contain_text("911")
    expect(chat.page.locator(".fc-msg.fc-alert")).to_contain_text("988")
    expect(chat.page.get_by_text(DISCLAIMER, exact=True)).to_be_visible()
    chat.expect_bot("let your clinic's team know")
    chat.screenshot("06-emergency-banner")

    chat.page.reload()  # the banner stays for this conversation
    expect(chat.banner).to_be_visible()
    expect(chat.banner).to_contain_text("988")


def test_xss_payload_is_shown_as_text_and_never_runs(chat: Chat):
    chat.goto()
    chat.open()
    chat.expect_bot(GREETING)

    chat.say(XSS)  # from the user ...
    expect(chat.user(XSS).locator(".fc-text")).to_have_text(XSS)

    # ... and echoed back by the real server, with hostile links and a hostile button title.
    echo = (
        f"You wrote: {XSS} — not a link: javascript:window.__xss=2 — "
        'a link: https://example.org/care?x="><img src=y onerror=window.__xss=3> — done.'
    )
    chat.bot_says_from_server(echo, buttons=[{"title": XSS, "payload": "/greet"}])
    echoed = chat.expect_bot("You wrote:")
    shown = echoed.locator(".fc-text").evaluate(  # the text as seen, without screen-reader-only hints
        """el => { const seen = n => n.nodeType === 3 ? n.data :
                       n.classList.contains('fc-sr-only') ? '' : [...n.childNodes].map(seen).join('');
                   return seen(el); }"""
    )
    assert shown == echo
    expect(chat.reply_button(XSS)).to_be_visible()

    links = echoed.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.org/care?x=")
    expect(links).to_have_attribute("rel", "noopener noreferrer")
    expect(links).to_have_attribute("target", "_blank")

    # No element was made from the text: nothing could run.
    images = chat.page.evaluate(
        "() => document.querySelectorAll('img').length +"
        " document.querySelector('.flarecare-widget').shadowRoot.querySelectorAll('img, script, iframe').length"
    )
    assert images == 0
    chat.say_and_wait("hello")  # one more round trip before the final check
    assert chat.page.evaluate("() => window.__xss") is None
    chat.screenshot("07-xss-as-text")


def test_keyboard_only(chat: Chat):
    chat.goto()
    for _ in range(12):  # Tab through the clinic's page to the launcher
        chat.page.keyboard.press("Tab")
        if "fc-launcher" in chat.focused().get("cls", ""):
            break
    focused = chat.focused()
    assert "fc-launcher" in focused["cls"], focused
    assert not focused["outline"].startswith("none"), "focus must be visible"

    chat.page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    assert chat.focused()["id"] == "fc-input"  # focus goes straight to the message box
    chat.wait_online()
    chat.expect_bot(GREETING)

    chat.page.keyboard.type("is a flare a good or bad sign?")
    chat.page.keyboard.press("Enter")
    chat.expect_bot("Source")
    expect(chat.reply_button("Tell me more")).to_be_visible()

    chat.page.keyboard.press("Shift+Tab")  # back from the message box to the newest quick replies
    # flare_meaning's related questions come last, in its related: order, after "No, thanks"
    assert chat.focused()["text"] == "Minor and severe flares — and when it's urgent"
    for title in ("Why can isotretinoin make acne flare at first?", "How common is an early flare?", "No, thanks"):
        chat.page.keyboard.press("Shift+Tab")
        assert chat.focused()["text"] == title
    chat.page.keyboard.press("Shift+Tab")
    focused = chat.focused()
    assert focused["text"] == "Tell me more"
    assert not focused["outline"].startswith("none")
    chat.screenshot("08-keyboard-focus")
    bot_messages = chat.page.locator(".fc-msg.fc-bot")
    before = bot_messages.count()
    chat.page.keyboard.press("Enter")
    expect(chat.user("Tell me more")).to_be_visible()
    expect(chat.page.get_by_role("button", name="Tell me more")).to_be_disabled()
    assert chat.focused()["id"] == "fc-input"  # back in the message box, ready to type
    expect(bot_messages).not_to_have_count(before)

    chat.page.keyboard.press("Escape")  # closes the panel, focus back on the launcher
    expect(chat.panel).to_be_hidden()
    assert "fc-launcher" in chat.focused()["cls"]
    chat.page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    assert chat.focused()["id"] == "fc-input"

    # The accessible structure screen readers rely on.
    expect(chat.log).to_have_attribute("aria-live", "polite")
    expect(chat.input).to_be_editable()
    expect(chat.page.get_by_role("dialog", name="Riverside Dermatology")).to_be_visible()
    expect(chat.page.get_by_role("button", name="Close chat")).to_be_visible()


def test_360px_wide_screen_has_no_horizontal_scroll(chat: Chat):
    chat.page.set_viewport_size({"width": 360, "height": 740})
    chat.goto()
    expect(chat.launcher).to_be_in_viewport()
    chat.screenshot("09-mobile-launcher")

    chat.open()
    chat.expect_bot(GREETING)
    box = chat.panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360

    chat.say("how common is a flare?")
    chat.expect_bot("15%")
    chat.click_reply("Tell me more")
    chat.expect_bot("Studies give different numbers")
    # Unbroken text, typed or from the bot, must wrap rather than widen the page.
    chat.say("x" * 120 + " https://example.org/" + "a" * 120)
    chat.bot_says_from_server("See https://example.org/" + "b" * 150 + " and " + "c" * 150)
    chat.expect_bot("bbbbbbbbbb")

    overflow = chat.page.evaluate(
        """() => {
            const root = document.querySelector('.flarecare-widget').shadowRoot;
            const log = root.querySelector('.fc-log');
            const wide = [...root.querySelectorAll('.fc-msg, .fc-reply, .fc-composer, .fc-disclaimer')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5).length;
            return {page: document.documentElement.scrollWidth, log: log.scrollWidth - log.clientWidth, wide};
        }"""
    )
    assert overflow == {"page": 360, "log": 0, "wide": 0}
    for part in (chat.input, chat.page.get_by_role("button", name="Send"), chat.page.get_by_text(DISCLAIMER)):
        expect(part).to_be_in_viewport()
    chat.screenshot("10-mobile-360")

    chat.say("I want to kill myself")
    expect(chat.banner).to_be_visible()
    expect(chat.banner).to_contain_text("988")
    assert chat.page.evaluate("() => document.documentElement.scrollWidth") == 360
    chat.screenshot("11-mobile-emergency")


def test_inline_container_with_the_clinics_colours(chat: Chat):
    chat.goto("/inline.html")
    expect(chat.launcher).to_have_count(0)
    expect(chat.page.get_by_role("region", name="Northgate Skin Clinic")).to_be_visible()
    chat.wait_online()
    chat.expect_bot(GREETING)
    expect(chat.page.get_by_text("This is not medical advice. In an emergency call 999.", exact=True)).to_be_visible()

    container = chat.page.locator("#chat").bounding_box()
    panel = chat.panel.bounding_box()
    assert container["x"] <= panel["x"] and panel["x"] + panel["width"] <= container["x"] + container["width"] + 0.5
    send = chat.page.get_by_role("button", name="Send")
    assert send.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(91, 63, 140)"
    chat.say("is it normal to break out?")
    chat.expect_bot("15%")
    chat.screenshot("12-inline")


def test_phone_taps_keep_the_on_screen_keyboard_down(browser, web_assistant):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        chat = Chat(context.new_page(), web_assistant)
        chat.goto()
        chat.launcher.tap()
        expect(chat.panel).to_be_visible()
        assert "fc-panel" in chat.focused()["cls"]  # focus is inside the chat, but not in the text box
        chat.wait_online()
        chat.expect_bot(GREETING)
        chat.reply_button("Is a flare normal?").tap()
        chat.expect_bot("15%")
        assert chat.focused()["id"] != "fc-input"
        assert chat.page.evaluate("() => document.documentElement.scrollWidth") == 360
    finally:
        context.close()
