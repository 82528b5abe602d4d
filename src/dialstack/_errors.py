"""The exception tree and how an HTTP answer or a transport failure becomes one of it.

::

    DialStackError
    ├── DialStackAuthenticationError    401, or no API key at all
    ├── DialStackPermissionError        403
    ├── DialStackNotFoundError          404
    ├── DialStackConflictError          409
    ├── DialStackValidationError        422, or 400 whose code/type says validation
    ├── DialStackInvalidRequestError    any other 400 (and other 4xx without a class)
    ├── DialStackRateLimitError         429, with ``retry_after``
    ├── DialStackAPIError               5xx, and answers the SDK cannot use (not JSON,
    │                                   a bad shape, larger than ``max_response_size``)
    └── DialStackConnectionError        no answer at all
        └── DialStackTimeoutError       ...because a timeout or the deadline ran out

Mistakes in a call (an unknown parameter, an empty id, no account context) are the
builtin ``TypeError`` and ``ValueError``, raised before anything is sent, and a client used
after ``close()`` raises ``ClientClosedError`` (a ``RuntimeError``): they are bugs to fix,
not API failures to handle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx2

from ._json import as_object
from ._retry import parse_retry_after

__all__ = [
    "DialStackAPIError",
    "DialStackAuthenticationError",
    "DialStackConflictError",
    "DialStackConnectionError",
    "DialStackError",
    "DialStackInvalidRequestError",
    "DialStackNotFoundError",
    "DialStackPermissionError",
    "DialStackRateLimitError",
    "DialStackTimeoutError",
    "DialStackValidationError",
]

RESPONSE_TOO_LARGE = "response_too_large"
"""The ``code`` of the DialStackAPIError for an answer larger than ``max_response_size``."""
UNREADABLE_RESPONSE = "unreadable_response"
"""The ``code`` of the DialStackAPIError for an answer the SDK could not read."""


class DialStackError(Exception):
    """Base of every error the SDK raises for an API call that did not succeed.

    Attributes:
        message: the human-readable message (from whichever body shape carried it).
        status_code: the HTTP status, or None when no answer arrived.
        code: the machine-readable code; branch on this, never on ``message``.
        type, param, doc_url: as the API sent them, else None.
        details: the ``details`` object of the answer, else None.
        request_id: the answer's ``X-Request-Id``: quote it to DialStack support.
        headers: the answer's headers (an empty mapping when there was no answer).
        raw: the whole parsed body (or its text when it was not JSON), else None.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | None = None,
        type: str | None = None,
        param: str | None = None,
        doc_url: str | None = None,
        details: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        raw: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.type = type
        self.param = param
        self.doc_url = doc_url
        self.details = details
        self.request_id = request_id
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.raw = raw

    def __str__(self) -> str:
        facts = [
            f"{name}={value}"
            for name, value in (
                ("status", self.status_code),
                ("code", self.code),
                ("param", self.param),
                ("request_id", self.request_id),
            )
            if value is not None
        ]
        return f"{self.message} ({', '.join(facts)})" if facts else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not survive the default Exception pickling, and
        # errors cross process boundaries (multiprocessing, task queues).
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[DialStackError], state: dict[str, Any]) -> DialStackError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class DialStackAuthenticationError(DialStackError):
    """401: the API key is missing, malformed or revoked."""


class DialStackPermissionError(DialStackError):
    """403: the key is valid but may not touch this account or object."""


class DialStackNotFoundError(DialStackError):
    """404: no such object (in this account)."""


class DialStackConflictError(DialStackError):
    """409: a duplicate, something already assigned, or an idempotency key in use."""


class DialStackValidationError(DialStackError):
    """422, or a 400 whose code or type is ``validation_error``: fix the named ``param``."""


class DialStackInvalidRequestError(DialStackError):
    """Any other 400 (and a 4xx the API has no class for): the request was malformed."""


class DialStackRateLimitError(DialStackError):
    """429: too many requests. ``retry_after`` says how many seconds the API asked for."""

    def __init__(self, message: str, *, retry_after: float | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.retry_after = retry_after


class DialStackAPIError(DialStackError):
    """5xx, or an answer the SDK cannot use (not JSON where JSON was due, a foreign link)."""


class DialStackConnectionError(DialStackError):
    """No answer: the connection failed, dropped, or timed out. ``__cause__`` says how."""


class DialStackTimeoutError(DialStackConnectionError):
    """No answer within ``timeout`` (per attempt) or ``deadline`` (all attempts)."""


_BY_STATUS: dict[int, type[DialStackError]] = {
    401: DialStackAuthenticationError,
    403: DialStackPermissionError,
    404: DialStackNotFoundError,
    409: DialStackConflictError,
    422: DialStackValidationError,
    429: DialStackRateLimitError,
}
_VALIDATION = "validation_error"


def error_class(status: int, code: str | None, type_: str | None) -> type[DialStackError]:
    """The class for a non-2xx answer: the status table, then what a table can't say."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status == 400:
        if _VALIDATION in (code, type_):
            return DialStackValidationError
        return DialStackInvalidRequestError
    if 400 <= status < 500:
        return DialStackInvalidRequestError
    return DialStackAPIError


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class ClientClosedError(RuntimeError):
    """The client (or the one it was derived from with ``with_options``) was closed."""


def error_from_response(response: httpx2.Response, raw: Any) -> DialStackError:
    """Read any of the three error body shapes (or none) into the right exception.

    ``raw`` is the answer's body, decoded: its JSON value, else its text, else None.
    """
    status = response.status_code
    fields = as_object(raw) or {}
    nested = as_object(fields.get("error"))
    if nested is not None:  # Stripe style: {"error": {"message": ..., "code": ...}}
        fields = nested
        message = _text(fields.get("message"))
    else:  # {"error": "msg", "code": ...} or {"message": "msg"}
        message = _text(fields.get("error")) or _text(fields.get("message"))
    details = as_object(fields.get("details"))
    param = _text(fields.get("param"))
    if param is None and details is not None:
        param = _text(details.get("field")) or _text(details.get("param"))
    code, type_ = _text(fields.get("code")), _text(fields.get("type"))
    cls = error_class(status, code, type_)
    common: dict[str, Any] = {
        "status_code": status,
        "code": code,
        "type": type_,
        "param": param,
        "doc_url": _text(fields.get("doc_url")),
        "details": details,
        "request_id": response.headers.get("x-request-id"),
        "headers": response.headers,
        "raw": raw,
    }
    message = message or f"DialStack answered HTTP {status} {response.reason_phrase}".rstrip()
    if cls is DialStackRateLimitError:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return DialStackRateLimitError(message, retry_after=retry_after, **common)
    return cls(message, **common)


def error_from_transport(
    exc: httpx2.TransportError, origin: str, *, on_this_machine: bool
) -> DialStackError:
    """No answer arrived from ``origin`` (``scheme://host:port``, never a credential); the
    most specific class first, as httpx maps httpcore's errors. ``on_this_machine``: the
    origin is a loopback one, where the emulator runs."""
    if isinstance(exc, httpx2.TimeoutException):
        return DialStackTimeoutError(f"DialStack ({origin}) did not answer in time: {exc}")
    message = f"Could not reach DialStack at {origin}: {type(exc).__name__}: {exc}"
    if isinstance(exc, httpx2.ConnectError) and on_this_machine:
        # On this machine, a refused connection is most often an emulator not started yet.
        message += (
            "; the local DialStack emulator may not be running (start it with `dialstack-emulator`)"
        )
    return DialStackConnectionError(message)
