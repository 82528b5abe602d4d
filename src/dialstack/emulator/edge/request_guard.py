"""Refusals before anything else runs: oversized requests, and requests a browser was tricked
into sending.

- A URL over ``MAX_URL_BYTES`` is a 414; a ``Content-Length`` over the body limit a 413.
- DNS rebinding: a page on ``evil.example`` whose name now resolves to 127.0.0.1 reaches us
  with ``Host: evil.example``. Only loopback names, and the names the user allowed, are
  answered (Vite's ``server.allowedHosts`` does the same).
- Cross-site requests: a request whose ``Origin`` is present is answered only when that
  origin is a loopback one (a page the developer serves on localhost) or one the user allowed.
  ``Origin: null`` (sandboxed frames, ``file://``) is refused.
- A control write (``POST`` to ``/_emulator/``) must say ``Content-Type: application/json``:
  the types an HTML form or a no-preflight ``fetch`` can send are refused.
- A webhook delivery of this emulator (it carries ``DELIVERY_HEADER``) is refused on every
  path: a tenant's endpoint URL must never make the emulator act on itself (a reset of
  every tenant), however the delivery was routed back here.
- CORS, for the browser components: from an allowed origin, ``/v1/`` and ``/_media/``
  answer a preflight (``OPTIONS``) and let the page read their answers; ``/_emulator/``
  never does, so no page can read the request log or pass a control write's preflight.
"""

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..._loopback import is_loopback
from ..core.errors import EmulatorError, Forbidden, UnsupportedMediaType, UrlTooLong
from ..core.request_body import body_limit, check_declared_length
from ..core.self_delivery import DELIVERY_HEADER
from .answers import send_error

MAX_URL_BYTES = 8 * 1024
_REMEMBERED_VERDICTS = 256  # Host and Origin values whose verdict is kept, per kind
ANY = "*"
_CONTROL_PREFIX = "/_emulator/"
_BROWSER_PREFIXES = ("/v1/", "/_media/")
"""What the browser components call from a page (with a session token, or a signed link):
answered with CORS headers for an allowed origin. Control endpoints never are."""
_ALLOWED_REQUEST_HEADERS = b"Authorization, Content-Type, DialStack-Account, Idempotency-Key"
_CONTROL_WRITES = frozenset({"POST", "PUT", "PATCH"})
_DELIVERY_HEADER = DELIVERY_HEADER.encode()


class RequestGuard:
    def __init__(
        self, app: ASGIApp, allowed_hosts: Iterable[str], allowed_origins: Iterable[str]
    ) -> None:
        self._app = app
        self._hosts = frozenset(host.lower() for host in allowed_hosts)
        self._origins = frozenset(origin.lower().rstrip("/") for origin in allowed_origins)
        # A client sends the same Host (and Origin) on every request: judge each value once.
        self._host_verdicts: dict[bytes, bool] = {}
        self._origin_verdicts: dict[bytes, bool] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        try:
            origin = self._check(scope)
        except EmulatorError as error:
            await send_error(send, error)
            return
        path: str = scope["path"]
        if origin is None or not path.startswith(_BROWSER_PREFIXES):
            await self._app(scope, receive, send)
        elif scope["method"] == "OPTIONS":
            await _preflight(send, origin)
        else:
            await self._app(scope, receive, _with_cors(send, origin))

    def _check(self, scope: Scope) -> bytes | None:
        """The request's allowed ``Origin`` (None without one); raises when it is refused."""
        if len(scope.get("raw_path", b"")) + len(scope["query_string"]) > MAX_URL_BYTES:
            raise UrlTooLong(f"The URL is longer than {MAX_URL_BYTES} bytes")
        host = origin = content_type = content_length = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value
            elif name == b"origin":
                origin = value
            elif name == b"content-type":
                content_type = value
            elif name == b"content-length":
                content_length = value
            elif name == _DELIVERY_HEADER:
                raise Forbidden(
                    "A webhook delivery of this emulator reached the emulator itself: it is "
                    "refused (point the endpoint's URL at your receiver)"
                )
        if content_length is not None:
            check_declared_length(content_length, body_limit(content_type))
        if host is not None and not _judged(self._host_verdicts, host, self._host_allowed):
            raise Forbidden(
                f"Host {host.decode('latin-1')!r} is not one this emulator answers: start it "
                "with --allowed-host NAME (Emulator(allowed_hosts=...)) to add a name"
            )
        if origin is not None and not _judged(self._origin_verdicts, origin, self._origin_allowed):
            raise Forbidden(
                f"Requests from the page origin {origin.decode('latin-1')!r} are refused: start "
                "the emulator with --allowed-origin ORIGIN (Emulator(allowed_origins=...)) "
                "to allow it"
            )
        path: str = scope["path"]
        if (
            path.startswith(_CONTROL_PREFIX)
            and scope["method"] in _CONTROL_WRITES
            and not _is_json(content_type)
        ):
            raise UnsupportedMediaType(
                f"{path} takes a JSON body: send Content-Type: application/json"
            )
        return origin

    def _host_allowed(self, raw: bytes) -> bool:
        host = raw.decode("latin-1")
        if ANY in self._hosts:
            return True
        name = _host_name(f"//{host}")
        return name is not None and (is_loopback(name) or name in self._hosts)

    def _origin_allowed(self, raw: bytes) -> bool:
        origin = raw.decode("latin-1")
        if ANY in self._origins or origin.lower().rstrip("/") in self._origins:
            return True
        if not origin.lower().startswith(("http://", "https://")):
            return False
        name = _host_name(origin)
        return name is not None and is_loopback(name)


async def _preflight(send: Send, origin: bytes) -> None:
    """The answer to a browser's ``OPTIONS`` before a cross-origin call with a bearer token."""
    headers = [
        (b"access-control-allow-origin", origin),
        (b"access-control-allow-methods", b"GET, POST, DELETE"),
        (b"access-control-allow-headers", _ALLOWED_REQUEST_HEADERS),
        (b"access-control-max-age", b"600"),
        (b"vary", b"Origin"),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _with_cors(send: Send, origin: bytes) -> Send:
    """``send``, letting the page at ``origin`` read the answer (and its request id)."""

    async def send_readable(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [
                *message.get("headers", ()),
                (b"access-control-allow-origin", origin),
                (b"access-control-expose-headers", b"X-Request-Id"),
                (b"vary", b"Origin"),
            ]
        await send(message)

    return send_readable


def _judged(verdicts: dict[bytes, bool], value: bytes, judge: Callable[[bytes], bool]) -> bool:
    verdict = verdicts.get(value)
    if verdict is None:
        verdict = judge(value)
        if len(verdicts) < _REMEMBERED_VERDICTS:
            verdicts[value] = verdict
    return verdict


def _host_name(url: str) -> str | None:
    """The lower-cased host of a URL (or of ``//host:port``); None when it has none."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _is_json(content_type: bytes | None) -> bool:
    if content_type is None:
        return False
    return content_type.partition(b";")[0].strip().lower() == b"application/json"
