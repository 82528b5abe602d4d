"""A call's answer as it came (status, headers, body), with the result one ``parse()`` away.

``client.accounts.with_raw_response.create(...)`` returns a ``RawResponse[Account]``: read
``headers["Idempotent-Replayed"]`` or ``status_code``, then ``parse()`` for the ``Account``.
An answer that is an error still raises its ``DialStackError`` (which has ``headers`` too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import httpx2

from ._wire import WholeResponse

T = TypeVar("T")
_UNPARSED = object()


class RawResponse(Generic[T]):
    """The answer to one call. ``http_response`` is httpx2's (its stream already read and
    closed by the SDK: the body is ``content``)."""

    __slots__ = ("_parse", "_parsed", "content", "http_response")

    def __init__(self, answer: WholeResponse, parse: Callable[[WholeResponse], T]) -> None:
        self.http_response: httpx2.Response = answer.response
        self.content: bytes = answer.body
        self._parse = parse
        self._parsed: object = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return self.http_response.headers.get("x-request-id")

    def parse(self) -> T:
        """The result the method would have returned (read once, then kept)."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parse(WholeResponse(self.http_response, self.content))
        return self._parsed  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] request_id={self.request_id!r}>"
