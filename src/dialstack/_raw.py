"""``RawResponse``: an answer with its status, headers and request id, parsed on demand.

A placeholder with the interface of track B's module of the same name (issue 12 item 6), so
that the generated ``with_raw_response`` resources type-check before the branches merge:
B's version replaces this file.
"""

from collections.abc import Callable
from typing import Generic, TypeVar

import httpx2

T = TypeVar("T")


class RawResponse(Generic[T]):
    """The HTTP answer of one call; ``parse()`` gives what the method would have returned."""

    __slots__ = ("_parse", "http_response")

    def __init__(self, http_response: httpx2.Response, parse: Callable[[], T]) -> None:
        self.http_response = http_response
        self._parse = parse

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
        return self._parse()
