"""Rasa's Twilio connector (SMS and WhatsApp) with buttons as numbered options.

SMS has no buttons. Rasa's stock Twilio output sends each button as its own
SMS ("1: Yes (/affirm)"), payload and all. Here the options go at the end of
the same message — ``1. Yes  2. No`` (one per line when they are long) — and a
reply that is just a number ("2", "2.", " 2 ") becomes that button's payload,
exactly as if it had been tapped in the web widget. Why the mapping lives here
and reads the tracker: see ``channels.numbered``.

Replies go out from the number the patient wrote to (Twilio's signed ``To``),
so one webhook serves an SMS number and a WhatsApp sender alike;
``twilio_number`` is the fallback when ``To`` is missing.

The channel also checks Twilio's ``X-Twilio-Signature`` (Rasa's does not),
against ``webhook_url`` — the public URL set in the Twilio console, which the
server cannot infer behind a proxy. Unsigned or forged requests get 403, so
nobody can write into a patient's conversation by posting their number.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qsl

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from channels.numbered import NUMBER_REPLY, numbered_options, offered_buttons, selected_payload

logger = logging.getLogger(__name__)

REPLY_HINT = "(Reply with a number, or type your answer.)"


class NumberedTwilioOutput(TwilioOutput):
    """Buttons (and quick replies, which Rasa sends as buttons) as numbered options."""

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, numbered_options(text, buttons, REPLY_HINT))


class NumberedTwilioInput(TwilioInput):
    """Twilio input: checks the signature, maps "1" to the first offered button."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            webhook_url=credentials.get("webhook_url"),
        )

    def __init__(
        self,
        account_sid: Optional[Text],
        auth_token: Optional[Text],
        twilio_number: Optional[Text],
        webhook_url: Optional[Text] = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        if not auth_token or not webhook_url:
            raise ValueError("the Twilio channel needs auth_token and webhook_url to check Twilio's signature")
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token)

    def get_output_channel(self, from_number: Optional[Text] = None) -> OutputChannel:
        return NumberedTwilioOutput(self.account_sid, self.auth_token, from_number or self.twilio_number)

    def is_signed_by_twilio(self, request: Request) -> bool:
        # Twilio signs every parameter, blank ones too; Sanic's request.form drops those.
        params = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        return self.validator.validate(self.webhook_url, params, request.headers.get("X-Twilio-Signature", ""))

    @staticmethod
    async def _payload_for(request: Request, sender_id: Text, text: Text) -> Optional[str]:
        if not NUMBER_REPLY.match(text):
            return None  # the usual case: no tracker read
        store = getattr(getattr(request.app.ctx, "agent", None), "tracker_store", None)
        if store is None:
            return None
        tracker = await store.retrieve(sender_id)
        return selected_payload(text, offered_buttons(tracker.events)) if tracker else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.is_signed_by_twilio(request):
                logger.warning("twilio: request without a valid X-Twilio-Signature refused")
                return response.text("invalid signature", status=403)
            sender = request.form.get("From")
            text = request.form.get("Body")
            if self._is_location_message(request):
                text = "/locationData{{'Latitude': {lat},'Longitude': {long}}}".format(
                    lat=request.form.get("Latitude"), long=request.form.get("Longitude")
                )
            if not sender or text is None:
                return response.text("", status=204)
            text = text.replace("¡", "@")  # some carriers corrupt @ in SMS
            try:
                text = await self._payload_for(request, sender, text) or text
                await on_new_message(
                    UserMessage(
                        text, self.get_output_channel(request.form.get("To")), sender,
                        input_channel=self.name(), metadata=self.get_metadata(request),
                    )
                )
            except Exception:  # the message text stays out of the log
                logger.exception("twilio: could not handle a message")
            return response.text("", status=204)

        return twilio_webhook
