"""The server's guard, as one ASGI middleware read top to bottom.

1. the Host header must be this server's own loopback address (DNS rebinding);
2. a body larger than MAX_BODY is refused (413);
3. a GET may carry only the few non-patient query keys (a name never goes in a URL);
4. the one-time launch link becomes an HttpOnly, SameSite=Strict session cookie;
5. every other request needs that cookie; every POST a same-origin Origin header
   (the form's per-launch token is checked by each POST route);
6. a bug answers 500 and is logged by its kind only, never with a traceback;
7. every response gets no-store, a strict Content-Security-Policy and friends.
"""

from __future__ import annotations

import hmac
import secrets
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl

MAX_BODY = 64 * 1024  # a form with five long notes is a few kilobytes
QUERY_KEYS = {"topic", "q", "preset", "launch"}
COOKIE = "handouts_session"
HEADERS = [
    (b"cache-control", b"no-store"),
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
     b"connect-src 'self'; frame-src 'self' blob:; object-src 'self' blob:; form-action 'self'; "
     b"base-uri 'none'; frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


@dataclass
class Secrets:
    """This launch's secrets: the one-time link token, the session cookie, the form token."""

    launch: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    form: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    launched: bool = False

    def form_ok(self, token: object) -> bool:
        return isinstance(token, str) and hmac.compare_digest(token.encode(), self.form.encode())


class Guard:
    """Wraps the app: see the module's list."""

    def __init__(self, app, hosts: set[str], keys: Secrets):
        self.app, self.hosts, self.keys = app, hosts, keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        send = _with_headers(send)
        if headers.get("host", "") not in self.hosts:
            return await _plain(send, 403, "This server answers only at its own address on this computer.")
        if int(headers.get("content-length", "0") or 0) > MAX_BODY:
            return await _plain(send, 413, "The form is too large to send.")
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if any(key not in QUERY_KEYS for key, _ in query):
            return await _plain(send, 400, "Patient details are accepted only from the form, never in an address.")
        launch = dict(query).get("launch")
        if launch is not None:
            return await self._launch(launch, send)
        cookie = SimpleCookie(headers.get("cookie", ""))
        session = cookie[COOKIE].value if COOKIE in cookie else ""
        if not hmac.compare_digest(session.encode(), self.keys.session.encode()):
            return await _plain(send, 403, "Open the address that 'handouts serve' printed when it started.")
        if scope["method"] not in ("GET", "HEAD") and headers.get("origin") not in {f"http://{h}" for h in self.hosts}:
            return await _plain(send, 403, "This form accepts requests only from its own page.")
        await _no_traceback(self.app, scope, _limited(receive), send)

    async def _launch(self, token: str, send: Send) -> None:
        if self.keys.launched or not hmac.compare_digest(token.encode(), self.keys.launch.encode()):
            return await _plain(send, 403, "This link was used already; use the open window or restart "
                                "'handouts serve'.")
        self.keys.launched = True
        cookie = f"{COOKIE}={self.keys.session}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", b"/"), (b"set-cookie", cookie.encode()), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


async def _no_traceback(app, scope: Scope, receive: Receive, send: Send) -> None:
    """A bug answers 500 and is reported by its kind only: a traceback's message may quote what was typed."""
    started = False

    async def watched(message: dict) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, receive, watched)
    except BodyTooLarge:
        if not started:
            await _plain(send, 413, "The form is too large to send.")
    except Exception as exc:  # a bug in handouts, not a user error
        print(f"handouts serve: internal error ({type(exc).__name__}); please report it", file=sys.stderr)
        if not started:
            await _plain(send, 500, "Internal error in handouts; please report it. Nothing was saved.")


def _with_headers(send: Send) -> Send:
    async def wrapped(message: dict) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            message = {**message, "headers": list(message.get("headers", [])) +
                       [(k, v) for k, v in HEADERS if k not in names]}
        await send(message)
    return wrapped


def _limited(receive: Receive) -> Receive:
    """A body sent without a length is counted as it arrives, and cut off past MAX_BODY."""
    seen = 0

    async def wrapped() -> dict:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY:
            raise BodyTooLarge()
        return message
    return wrapped


class BodyTooLarge(Exception):
    """A chunked body grew past MAX_BODY; the app answers 413."""


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
