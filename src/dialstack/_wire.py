"""A call on the wire, without I/O: the request it sends, and what its response becomes.

The drivers (``_drivers.py``) send and read; the retry flow (``_flow.py``) decides what to
send again; this module builds the request before, and reads the answer after. Reading is
the one safety net for hostile answers: whatever the bytes, the caller gets a result or a
``DialStackError`` keeping the status, the request id and the body.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import httpx2

from ._errors import (
    RESPONSE_TOO_LARGE,
    UNREADABLE_RESPONSE,
    DialStackAPIError,
    DialStackError,
    error_from_response,
)
from ._json import DECODE_ERRORS, as_object, decode, decode_leniently
from ._models import reading

if TYPE_CHECKING:
    from ._call import Call
    from ._config import ClientConfig
    from ._cursor import Cursor
    from ._models import DialStackModel
    from ._pagination import PageParts

T = TypeVar("T")
M = TypeVar("M", bound="DialStackModel")

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_JSON_SEPARATORS = (",", ":")
_ACCEPT_ENCODING = "gzip, deflate"  # what httpx2 offers by default
_DEFAULT_PORTS = {"http": 80, "https": 443}


class WholeResponse(NamedTuple):
    """An answer read whole: its head (the httpx2 response, stream closed) and its body,
    decoded from any ``Content-Encoding``."""

    response: httpx2.Response
    body: bytes


def new_idempotency_key() -> str:
    return os.urandom(16).hex()


def account_for(call: Call[Any], config: ClientConfig) -> str | None:
    """The ``DialStack-Account`` this call sends, by its rule (see ``Call.account``)."""
    account = call.options.get("dialstack_account", config.dialstack_account)
    if call.account == "never":
        return None
    if call.account == "required" and not account:
        raise ValueError(
            f"{call.where} needs an account: pass dialstack_account='acct_...', or use "
            "client.with_options(dialstack_account=...)"
        )
    return account or None


def build_request(
    call: Call[Any],
    target: Cursor,
    headers: dict[str, str],
    account: str | None,
    http: httpx2.Client | httpx2.AsyncClient | None,
) -> httpx2.Request:
    """The request for ``call``; ``headers`` (a fresh copy) are the client's, and ``http``
    is the caller's own httpx2 client whose defaults the request takes, or None for ours."""
    options = call.options
    if account:
        headers["DialStack-Account"] = account
    key = options.get("idempotency_key")
    if call.method == "POST" and not key:
        key = new_idempotency_key()  # one key for every attempt: a create happens once
    if key:
        headers["Idempotency-Key"] = key
    content = None
    stream = None
    if call.upload is not None:
        stream = call.upload.stream()
        headers.update(stream.headers)
    elif call.method in _BODY_METHODS:
        body = dict(call.body) if call.body else {}
        body.update(options.get("extra_body", {}))
        content = json.dumps(body, separators=_JSON_SEPARATORS).encode()
        headers["Content-Type"] = "application/json"
    headers.update(options.get("extra_headers", {}))
    params = target.params or None
    if http is None:
        # Our own client has no defaults to merge (no base URL, cookies or headers of
        # the caller's), and build_request's merging costs more than the rest of a call.
        headers.setdefault("Accept-Encoding", _ACCEPT_ENCODING)
        request = httpx2.Request(
            call.method, target.url, params=params, headers=headers, content=content
        )
    else:
        request = http.build_request(
            call.method, target.url, params=params, headers=headers, content=content
        )
    if stream is not None:
        # Set after building: a stream given to the constructor skips its Host header. The
        # upload's own Content-Length (or chunked) header is already among ``headers``.
        request.stream = stream
    return request


_PLAIN_HEADERS = frozenset({"accept", "accept-encoding", "connection", "user-agent"})
"""The headers every httpx2 client has, which a request of ours replaces or can do without."""


def has_defaults(http: httpx2.Client | httpx2.AsyncClient) -> bool:
    """Whether a caller's httpx2 client has defaults a request must take from it (a base URL,
    query parameters, cookies, headers of its own, auth): without any, a request is built
    directly, as for our own client, and skips ``build_request``'s costly merging."""
    return (
        bool(http.base_url.host)
        or bool(http.params)
        or bool(http.cookies)
        or http.auth is not None
        or not _PLAIN_HEADERS.issuperset(http.headers.keys())
    )


def origin(url: httpx2.URL) -> str:
    """``scheme://host:port`` of a request: where it went, with no path or credential."""
    port = url.port or _DEFAULT_PORTS.get(url.scheme)
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{url.scheme}://{host}:{port}"


def read_whole(response: httpx2.Response, limit: int) -> bool:
    """Whether the body may be read in one go: its size is declared, within ``limit`` and
    not compressed (HTTP/1.1 framing then stops the read at the declared length).
    Raises when the declared size is already over the limit, before reading any of it."""
    length = response.headers.get("content-length")
    if length is None or not length.isdigit():
        return False
    if int(length) > limit:
        raise too_large(response, limit)
    encoding = response.headers.get("content-encoding")
    return encoding is None or encoding.strip().lower() == "identity"


def too_large(response: httpx2.Response, limit: int) -> DialStackAPIError:
    return DialStackAPIError(
        f"DialStack's answer is larger than max_response_size ({limit} bytes); if such an "
        "answer is expected, raise the limit: DialStack(max_response_size=...)",
        status_code=response.status_code,
        code=RESPONSE_TOO_LARGE,
        request_id=response.headers.get("x-request-id"),
        headers=response.headers,
    )


def _unreadable(answer: WholeResponse, what: str, raw: Any) -> DialStackAPIError:
    """``what`` completes "DialStack answered HTTP 200 with ..."."""
    return _unusable(
        answer, f"DialStack answered HTTP {answer.response.status_code} with {what}", raw
    )


def _unusable(answer: WholeResponse, message: str, raw: Any) -> DialStackAPIError:
    response = answer.response
    return DialStackAPIError(
        message,
        status_code=response.status_code,
        code=UNREADABLE_RESPONSE,
        request_id=response.headers.get("x-request-id"),
        headers=response.headers,
        raw=raw,
    )


def raise_for_status(answer: WholeResponse) -> WholeResponse:
    """``answer`` if it is a success, else the DialStackError it amounts to, raised."""
    if not answer.response.is_success:
        raise error_from_response(answer.response, decode_leniently(answer.body))
    return answer


def _json_value(answer: WholeResponse) -> object:
    try:
        return decode(answer.body)
    except DECODE_ERRORS:
        raise _unreadable(
            answer, "a body that is not JSON", decode_leniently(answer.body)
        ) from None


def _json_object(answer: WholeResponse) -> Mapping[str, Any]:
    value = _json_value(answer)
    found = as_object(value)
    if found is None:
        raise _unreadable(answer, "a body that is not a JSON object", decode_leniently(answer.body))
    return found


def read_result(call: Call[T], answer: WholeResponse, *, strict: bool = False) -> T:
    """The call's result from a whole answer, or the DialStackError it amounts to.

    ``strict`` (the client's ``strict_response_validation``): a field that does not fit its
    model refuses the answer, where the tolerant default leaves it to raise when read.
    """
    raise_for_status(answer)
    if call.parse is None:
        return None  # type: ignore[return-value]  # Call[None]: a delete
    # Any JSON value (an object, or an array for a bare-array list): ``parse`` says whether
    # it has the shape it expects.
    value: Any = _json_value(answer)
    try:
        with reading(strict=strict):
            return call.parse(value, answer.response.headers.get("x-request-id"))
    except DialStackError as error:
        if error.status_code is not None:
            raise
        # A model that refused a value: the same error, with what the answer was.
        raise _unusable(answer, error.message, decode_leniently(answer.body)) from error
    except Exception as error:  # the safety net: a value no model could take
        raise _unreadable(
            answer,
            f"a value the SDK could not read ({type(error).__name__})",
            decode_leniently(answer.body),
        ) from error


def read_page(
    call: Call[M], cursor: Cursor, answer: WholeResponse, api_url: str, *, strict: bool = False
) -> PageParts[M]:
    """One page of a list from a whole answer, or the DialStackError it amounts to
    (``strict`` as for ``read_result``)."""
    from ._pagination import PageParts, cursor_after  # noqa: PLC0415 - lists load it on use

    raise_for_status(answer)
    body = _json_object(answer)
    data = body.get("data")
    parse = call.parse
    if not isinstance(data, list) or parse is None:
        raise _unreadable(answer, "a list without a data array", body)
    request_id = answer.response.headers.get("x-request-id")
    try:
        with reading(strict=strict):
            # Tolerant, an item that is no object still becomes a model (each field raising
            # when read); strict, it refuses the page.
            items = [
                parse(_list_item(item) if strict else item, request_id)
                for item in cast("list[object]", data)
            ]
        return PageParts(items, body, cursor, cursor_after(body, cursor, api_url), request_id)
    except DialStackError as error:
        if error.status_code is not None:
            raise
        raise _unusable(answer, error.message, body) from error
    except Exception as error:  # the safety net: a value no model could take
        raise _unreadable(
            answer, f"a list item the SDK could not read ({type(error).__name__})", body
        ) from error


def _list_item(item: object) -> Mapping[str, Any]:
    found = as_object(item)
    if found is None:
        # Never the item's repr: a hostile item may be too deep or too large to print.
        raise DialStackAPIError(
            f"DialStack sent a list item that is a {type(item).__name__}, not an object"
        )
    return found
