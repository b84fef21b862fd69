"""Browser tests: the real servers (scripts/serve.py with the chat page) and a
headless Chromium driven by Playwright.

The browser is the system's Chromium (/usr/bin/chromium, the Debian package;
scripts/setup.sh installs it). Playwright's own browser downloads are never
used. Screenshots go to results/browser/ (git-ignored).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Dict, List
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.conftest import ROOT, Assistant, start_assistant, stop_assistant

CHROMIUM = Path(os.environ.get("FLARECARE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "results" / "browser"
TIMEOUT_MS = 30_000  # a reply takes well under a second; the first NLU call on a cold, small CPU can take longer

expect.set_options(timeout=TIMEOUT_MS)


# Package scope, not session: Playwright's sync API keeps an asyncio loop running
# in this thread while it is open, which breaks later tests that call asyncio.run().
@pytest.fixture(scope="package")
def browser() -> Browser:
    if not CHROMIUM.exists():
        if os.environ.get("FLARECARE_SKIP_BROWSER") == "1":
            pytest.skip(f"no Chromium at {CHROMIUM} and FLARECARE_SKIP_BROWSER=1")
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM}: run `make setup` as root (it installs the Debian "
            "package `chromium`), or `sudo apt-get install chromium`; FLARECARE_CHROMIUM=/path points elsewhere, "
            "FLARECARE_SKIP_BROWSER=1 skips these tests",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="package")
def web_assistant(tmp_path_factory) -> Assistant:
    running = start_assistant(tmp_path_factory.mktemp("browser"), None, web=True)
    yield running
    stop_assistant(running)


class Chat:
    """The widget on a page, seen as a patient sees it."""

    def __init__(self, page: Page, assistant: Assistant) -> None:
        self.page = page
        self.assistant = assistant

    # -- navigation
    def goto(self, path: str = "/") -> None:
        self.page.goto(f"{self.assistant.web_url}{path}?rasaPort={self.assistant.rasa_port}")
        expect(self.host).to_be_attached()

    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        self.wait_online()

    def wait_online(self) -> None:
        expect(self.host).to_have_attribute("data-connection", "online")

    # -- parts of the widget (Playwright's CSS locators pierce the open shadow root)
    @property
    def host(self) -> Locator:
        return self.page.locator("div.flarecare-widget")

    @property
    def launcher(self) -> Locator:
        return self.page.locator(".fc-launcher")

    @property
    def panel(self) -> Locator:
        return self.page.locator(".fc-panel")

    @property
    def input(self) -> Locator:
        return self.page.get_by_label("Your message")

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    @property
    def banner(self) -> Locator:
        return self.page.get_by_role("alert")

    @property
    def typing(self) -> Locator:
        return self.page.locator(".fc-typing")

    def bot(self, containing: str) -> Locator:
        return self.page.locator(".fc-msg.fc-bot", has_text=containing).last

    def user(self, containing: str) -> Locator:
        return self.page.locator(".fc-msg.fc-user", has_text=containing).last

    def reply_button(self, title: str) -> Locator:
        """The enabled quick reply with exactly this title (rows already used are disabled)."""
        return self.page.locator(".fc-reply:enabled").filter(has_text=re.compile(rf"^{re.escape(title)}$"))

    # -- actions
    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")
        expect(self.user(text)).to_be_visible()

    def say_and_wait(self, text: str) -> None:
        """Say something whose answer we don't predict, and wait until the bot has answered."""
        bot_messages = self.page.locator(".fc-msg.fc-bot")
        before = bot_messages.count()
        self.say(text)
        expect(bot_messages).not_to_have_count(before)

    def expect_bot(self, containing: str) -> Locator:
        message = self.bot(containing)
        expect(message).to_be_visible()
        return message

    def click_reply(self, title: str) -> None:
        button = self.reply_button(title)
        expect(button).to_have_count(1)
        button.click()
        expect(self.user(title)).to_be_visible()

    # -- inspection
    def message_texts(self) -> List[str]:
        return self.page.locator(".fc-msg .fc-text").all_inner_texts()

    def stored(self) -> Dict:
        raw = self.page.evaluate(
            "() => { const k = Object.keys(sessionStorage).find(k => k.startsWith('flarecare:'));"
            " return k ? sessionStorage.getItem(k) : null; }"
        )
        return json.loads(raw) if raw else {}

    def session_id(self) -> str:
        return self.stored()["sessionId"]

    def focused(self) -> Dict[str, str]:
        """The element that really has focus, looking inside shadow roots."""
        return self.page.evaluate(
            """() => {
                let el = document.activeElement;
                while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
                if (!el) return {};
                const style = getComputedStyle(el);
                return {tag: el.tagName.toLowerCase(), id: el.id, cls: String(el.className),
                        text: (el.textContent || '').trim(), outline: style.outlineStyle + ' ' + style.outlineWidth};
            }"""
        )

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def tracker_slots(self) -> Dict:
        return self.assistant.tracker(self.session_id())["slots"]

    def bot_says_from_server(self, text: str, buttons: List[Dict[str, str]] = None) -> None:
        """Make the real Rasa server push a bot message to this page over socket.io."""
        event = {"event": "bot", "text": text, "data": {"buttons": buttons} if buttons else {}}
        response = requests.post(
            f"{self.assistant.rasa_url}/conversations/{self.session_id()}/tracker/events",
            params={"token": self.assistant.token, "output_channel": "socketio", "execute_side_effects": "true"},
            json=[event],
            timeout=30,
        )
        response.raise_for_status()


@pytest.fixture
def chat(browser: Browser, web_assistant: Assistant) -> Chat:
    """A fresh tab (own sessionStorage) on the demo page; fails on any page error or non-local request."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: List[str] = []
    outside: List[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def only_local(route) -> None:  # no CDN or any other third party at run time
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route(re.compile(r"^https?://"), only_local)
    yield Chat(page, web_assistant)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not outside, f"requests that left the machine: {outside}"
