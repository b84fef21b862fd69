"""The clinic's web page: the report, behind a token.

Authentication: ``FLARECARE_CLINIC_TOKEN`` (at least 16 characters; the page
refuses to start without it), given as the password of HTTP Basic auth (any
user name — browsers ask once and resend it) or as ``Authorization: Bearer``
for scripts. Compared with ``hmac.compare_digest``. Every path answers 401
until authenticated, so an unauthenticated caller learns nothing, not even
which pages exist.

Nothing about patients goes into URLs (the only parameter is ``days``) or
logs (request logging is off). Responses are ``no-store`` with a strict
Content-Security-Policy (charts are inline ``data:`` images; no scripts).
Basic auth is plain text on the wire: bind to 127.0.0.1 (the default) and put
HTTPS in front when the page must be reached from elsewhere.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Mapping, Optional
from urllib.parse import parse_qs, urlsplit

import settings

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "FLARECARE_CLINIC_TOKEN"
MIN_TOKEN_CHARS = 16
MAX_DAYS = 366
REALM = 'Basic realm="FlareCare clinic", charset="UTF-8"'
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    ),
}


class ClinicConfigError(ValueError):
    """The clinic page cannot start; the message says what to set."""


def clinic_token(environ: Optional[Mapping[str, str]] = None) -> str:
    token = settings.load(environ).clinic_token or ""
    hint = "make one with: python -c 'import secrets; print(secrets.token_urlsafe(24))'"
    if not token.strip():
        raise ClinicConfigError(f"{TOKEN_VARIABLE} is not set: the clinic page never runs without a token ({hint})")
    if len(token) < MIN_TOKEN_CHARS:
        raise ClinicConfigError(f"{TOKEN_VARIABLE} is too short: use at least {MIN_TOKEN_CHARS} characters ({hint})")
    return token


def is_authorized(header: Optional[str], token: str) -> bool:
    """Basic (any user, the token as password) or Bearer token; constant-time comparison."""
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return False
        _user, colon, candidate = decoded.partition(":")
        if not colon:
            return False
    elif scheme.lower() == "bearer":
        candidate = value.strip()
    else:
        return False
    return hmac.compare_digest(candidate.encode("utf-8"), token.encode("utf-8"))


def _page(days: int) -> str:
    """The report page for the last ``days`` days, from the configured databases."""
    from clinic.charts import render_charts
    from clinic.render import data_uri, to_html
    from clinic.report import build_report
    from storage.analytics import tracker_database_url
    from storage.database import session_scope

    with session_scope() as session:
        report = build_report(session, tracker_database_url(), days)
    images = {name: data_uri(png) for name, png in render_charts(report).items()}
    return to_html(report, images, days_form=True)


class ClinicHandler(BaseHTTPRequestHandler):
    server_version = "FlareCare"
    sys_version = ""
    token: str = ""
    default_days: int = 30
    render: Callable[[int], str] = staticmethod(_page)
    lock = threading.Lock()  # one report at a time: matplotlib's pyplot is not thread-safe

    def _send(self, status: HTTPStatus, body: str, content_type: str = "text/plain; charset=utf-8",
              headers: Optional[Mapping[str, str]] = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in {**SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _authorized(self) -> bool:
        if is_authorized(self.headers.get("Authorization"), self.token):
            return True
        self._send(HTTPStatus.UNAUTHORIZED, "Authentication required.\n", headers={"WWW-Authenticate": REALM})
        return False

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if not self._authorized():
            return
        url = urlsplit(self.path)
        if url.path != "/":
            self._send(HTTPStatus.NOT_FOUND, "Not found.\n")
            return
        values = parse_qs(url.query).get("days") or [str(self.default_days)]
        try:
            days = int(values[0])
            if not 1 <= days <= MAX_DAYS:
                raise ValueError
        except ValueError:
            self._send(HTTPStatus.BAD_REQUEST, f"days must be a whole number from 1 to {MAX_DAYS}.\n")
            return
        try:
            with self.lock:
                page = self.render(days)
        except Exception as error:  # noqa: BLE001 - the page says sorry; the log gets the kind only
            logger.error("clinic page: the report failed (%s)", error.__class__.__name__)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "The report could not be made; see the server log.\n")
            return
        self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")

    do_HEAD = do_GET

    def _refuse(self) -> None:
        if self._authorized():
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, "Method not allowed.\n", headers={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - no request logs
        pass


def make_server(token: str, bind: str = "127.0.0.1", port: int = 8090, default_days: int = 30,
                render: Optional[Callable[[int], str]] = None) -> ThreadingHTTPServer:
    """The page's HTTP server (not yet serving); ``token`` from ``clinic_token()``."""
    if len(token or "") < MIN_TOKEN_CHARS:
        raise ClinicConfigError(f"a clinic token of at least {MIN_TOKEN_CHARS} characters is required")
    attributes = {"token": token, "default_days": default_days}
    if render is not None:
        attributes["render"] = staticmethod(render)
    handler = type("BoundClinicHandler", (ClinicHandler,), attributes)
    server = ThreadingHTTPServer((bind, port), handler)
    server.daemon_threads = True
    return server
