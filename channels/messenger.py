"""Rasa's Facebook Messenger connector, with buttons that fit Messenger's limits.

Rasa sends every message with up to 3 buttons as a button template. The Send
API refuses a template whose text is over 640 characters or a button title
over 20 — and the patient then gets nothing. FlareCare's FAQ answers run to
~1,000 characters and the flare-form options ("Severe — large painful lumps
or cysts all over") are longer than 20, so:

* fits (≤ 3 buttons, text ≤ 640, titles ≤ 20): Rasa's button template;
* titles fit, text does not: the text with the titles as quick replies
  (text messages allow 2,000 characters);
* a title does not fit: the options numbered in the text (as on SMS,
  ``channels.numbered``) with quick replies "1", "2", "3" carrying the
  payloads, so a tap still selects the button.

Everything else (signature check, verification, postbacks) is Rasa's own.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Text

from fbmessenger import MessengerClient
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, MessengerBot
from sanic import Blueprint

from channels.numbered import button_titles, numbered_options

TEMPLATE_TEXT_LIMIT = 640
TEMPLATE_BUTTONS_LIMIT = 3
TITLE_LIMIT = 20
QUICK_REPLIES_LIMIT = 13
TAP_HINT = "(Tap a number, or type your answer.)"


class FittedMessengerBot(MessengerBot):
    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        titles = button_titles(buttons)
        titles_fit = all(len(title) <= TITLE_LIMIT for title in titles)
        if titles_fit and len(buttons) <= TEMPLATE_BUTTONS_LIMIT and len(text) <= TEMPLATE_TEXT_LIMIT:
            return await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
        buttons = buttons[:QUICK_REPLIES_LIMIT]
        if titles_fit:
            replies = [{"title": title, "payload": b.get("payload") or title} for title, b in zip(titles, buttons)]
        else:
            text = numbered_options(text, buttons, TAP_HINT)
            replies = [{"title": str(i), "payload": b.get("payload") or titles[i - 1]} for i, b in enumerate(buttons, 1)]
        # Rasa splits long texts at blank lines; the quick replies ride on the last part.
        *first, last = text.strip().split("\n\n")
        if first:
            await self.send_text_message(recipient_id, "\n\n".join(first))
        await self.send_quick_replies(recipient_id, last, replies)


class FittedFacebookInput(FacebookInput):
    """Rasa's Facebook input channel, answering through ``FittedMessengerBot``."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def fitted(message: UserMessage) -> None:
            message.output_channel = FittedMessengerBot(message.output_channel.messenger_client)
            await on_new_message(message)

        return super().blueprint(fitted)

    def get_output_channel(self) -> OutputChannel:
        return FittedMessengerBot(MessengerClient(self.fb_access_token))
