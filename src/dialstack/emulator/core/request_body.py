"""Reading a request body and parsing it as strict JSON: the API and control endpoints alike.

Bounded before anything is kept: a body over ``MAX_BODY_BYTES`` (a multipart upload:
``MAX_UPLOAD_BODY_BYTES``) is refused with 413 from its
``Content-Length`` before a byte of it is read (a chunked one as soon as the running count
passes the limit); how long a body may take is the connection's business
(``connections.BODY_TIMEOUT``). The JSON
must be UTF-8, nest at most ``MAX_JSON_DEPTH`` deep, hold no lone surrogates (``"\\ud800"``)
and no ``NaN``/``Infinity``: whatever is accepted can be stored, logged and echoed back. An
integral number written with a fraction (``3.0``) is the integer it equals.
"""

import json
import math
import re
from itertools import accumulate
from typing import Any, cast

from starlette.requests import Request
from starlette.types import Receive

from .errors import ClientGone, InvalidJson, RequestTooLarge

MAX_BODY_BYTES = 1024 * 1024
MAX_UPLOAD_BODY_BYTES = 5 * 1024 * 1024 + 64 * 1024
"""A multipart body: a 5 MiB file (the API's greeting limit) and room for its framing."""
MAX_JSON_DEPTH = 64

_MULTIPART = b"multipart/form-data"
_EXACT_INTEGERS = 2**53  # beyond this a float stands for more than one integer
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING = [0] * 256
_NESTING[ord("[")] = _NESTING[ord("{")] = 1
_NESTING[ord("]")] = _NESTING[ord("}")] = -1


def is_multipart(content_type: bytes | None) -> bool:
    return content_type is not None and content_type.lower().startswith(_MULTIPART)


def body_limit(content_type: bytes | None) -> int:
    """The most bytes a body of this ``Content-Type`` may have."""
    return MAX_UPLOAD_BODY_BYTES if is_multipart(content_type) else MAX_BODY_BYTES


def check_declared_length(value: bytes, limit: int = MAX_BODY_BYTES) -> None:
    """Refuse a body whose ``Content-Length`` is over the limit, before reading any of it.

    Raises:
        RequestTooLarge: the declared length is over ``limit``.
    """
    # Compared as text first: a length of thousands of digits is no integer to convert.
    if value.isdigit():
        digits = value.lstrip(b"0")
        if len(digits) > len(str(limit)) or int(digits or b"0") > limit:
            raise _too_large(limit)


async def read_body(receive: Receive, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole body, at most ``limit`` bytes of it.

    Raises:
        RequestTooLarge: the body is larger than the limit.
        ClientGone: the client went away before sending all of it (or was cut off by
            ``connections.BODY_TIMEOUT``).
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone("The client closed the connection before sending the whole body")
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """A request body as a JSON object; an empty body is ``{}``.

    Raises:
        InvalidJson: not strict JSON (see the module doc), or not an object.
    """
    if not raw.strip():
        return {}
    value = parse_json(raw)
    if not isinstance(value, dict):
        raise InvalidJson("The request body must be a JSON object")
    return cast("dict[str, Any]", value)


def parse_json(raw: bytes) -> Any:
    """Strict JSON (see the module doc).

    Raises:
        InvalidJson: naming what is wrong, and the field when one is to blame.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJson(f"The request body is not UTF-8 (at byte {exc.start})") from None
    # Only a body with more brackets than the limit can nest deeper than it.
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH and _nesting(text) > MAX_JSON_DEPTH:
        raise InvalidJson(f"The request body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError):
        raise InvalidJson("The request body is not valid JSON") from None
    # A lone surrogate can only come from a \u escape: UTF-8 decoding refused raw ones.
    if "\\u" in text:
        where = _lone_surrogate(value, "")
        if where is not None:
            field = where or "(the body)"
            raise InvalidJson(
                f"{field} holds a lone surrogate (\\ud800-\\udfff escape): not Unicode text",
                {"field": field},
            )
    return value


def _nesting(text: str) -> int:
    """How deep the brackets outside strings nest, in linear time without recursion."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text)).encode()
    return max(accumulate(map(_NESTING.__getitem__, brackets)), default=0)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(literal: str) -> float | int:
    """JSON has one kind of number: ``3.0`` is the integer 3 (as JSON Schema says)."""
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"{literal} is out of range")
    if value.is_integer() and abs(value) <= _EXACT_INTEGERS:
        return int(value)
    return value


def _lone_surrogate(value: Any, where: str) -> str | None:
    """The dotted path of the first string (or key) holding a lone surrogate, if any."""
    if isinstance(value, str):
        return where if _has_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in cast("dict[str, Any]", value).items():
            shown = key.encode("utf-8", "backslashreplace").decode()
            path = f"{where}.{shown}" if where else shown
            if shown != key:
                return path
            found = _lone_surrogate(item, path)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(cast("list[object]", value)):
            found = _lone_surrogate(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(f"The request body is larger than {limit} bytes")


# Made once: json.loads with hooks would build a decoder per call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


async def json_body(request: Request) -> dict[str, Any]:
    """A control route's body, read as strictly as the API's."""
    return parse_json_object(await read_body(request.receive))
