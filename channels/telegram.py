"""Rasa's Telegram connector, plus Telegram's webhook secret.

Rasa's connector accepts any POST to ``/webhooks/telegram/webhook``: its only
check is that the bot's own name matches ``verify``, which says nothing about
who sent the request, so anyone could write into a patient's conversation
(and trigger hand-offs) by posting their chat id. Telegram offers a secret:
given to ``setWebhook`` as ``secret_token``, it comes back on every update in
the ``X-Telegram-Bot-Api-Secret-Token`` header. Here:

* the secret is derived from the bot token (HMAC-SHA256), so there is nothing
  more to configure, and it changes when the token does;
* the webhook is registered with it at start (as Rasa does, plus the secret);
  ``/webhooks/telegram/set_webhook`` re-registers with it too;
* an update without the right header gets 403 and is not processed.

Buttons: Rasa puts every inline button in one row, where Telegram cuts long
titles to a few letters. An answer with its related questions has five
buttons with titles like "When does a flare start, and how long does it
last?", so such a message gets one button per row (``LayoutTelegramOutput``);
a few short options ("Yes" / "No") stay side by side.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ONE_ROW_BUTTONS = 3
ONE_ROW_TITLE = 20  # characters: longer titles get a row each


class LayoutTelegramOutput(TelegramOutput):
    """Inline buttons side by side when few and short, else one per row."""

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
        button_type: Optional[Text] = None, **kwargs: Any,
    ) -> None:
        if button_type is None:
            fits = len(buttons) <= ONE_ROW_BUTTONS and all(len(str(b.get("title", ""))) <= ONE_ROW_TITLE for b in buttons)
            button_type = "inline" if fits else "vertical"
        await super().send_text_with_buttons(recipient_id, text, buttons, button_type=button_type, **kwargs)


def webhook_secret(access_token: str) -> str:
    """64 hex characters (Telegram allows 1–256 of A–Z a–z 0–9 _ -)."""
    return hmac.new((access_token or "").encode(), b"flarecare telegram webhook", hashlib.sha256).hexdigest()


class VerifiedTelegramInput(TelegramInput):
    def __init__(self, access_token: Optional[Text], verify: Optional[Text], webhook_url: Optional[Text],
                 debug_mode: bool = True) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret_token = webhook_secret(access_token or "")

    async def _register(self, channel: TelegramOutput) -> bool:
        """setWebhook with the secret, on a session closed afterwards (the next call opens its own)."""
        try:
            return await channel.request("setWebhook", {"url": self.webhook_url, "secret_token": self.secret_token})
        finally:
            await channel.session.close()

    def get_output_channel(self) -> TelegramOutput:
        channel = LayoutTelegramOutput(self.access_token)
        try:
            asyncio.run(self._register(channel))
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = super().blueprint(on_new_message)

        @telegram_webhook.middleware("request")
        async def check_secret(request: Request) -> Optional[HTTPResponse]:
            if request.path.rstrip("/").endswith("/set_webhook"):
                registered = await self._register(TelegramOutput(self.access_token))
                return response.text("Webhook setup successful" if registered else "Invalid webhook")
            if request.method == "POST" and not hmac.compare_digest(
                request.headers.get(SECRET_HEADER, "").encode(), self.secret_token.encode()
            ):
                return response.text("failed", status=403)
            return None

        return telegram_webhook
