"""What a resource method declares (``Call``) and the two bases that hand it to a client."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar
from urllib.parse import quote

from .._config import OPTION_NAMES, RequestOptions, check_overrides
from .._validate import check_arguments, require_id

if TYPE_CHECKING:
    from .._client import AsyncDialStack, DialStack
    from .._models import DialStackModel
    from .._pagination import AsyncPager, Page

_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")
T = TypeVar("T")
M = TypeVar("M", bound="DialStackModel")


class Call(NamedTuple, Generic[T]):
    """One API call, declared: what to send, and how the answer's JSON becomes the result
    (``parse``; None for a call answered with no body)."""

    where: str
    method: str
    path: str
    parse: Callable[[Mapping[str, Any], str | None], T] | None
    options: RequestOptions
    body: Mapping[str, Any] | None = None
    query: Mapping[str, Any] | None = None
    account: Literal["never", "optional", "required"] = "never"
    """The ``DialStack-Account`` rule: never sent, sent when known, or needed."""


def split_arguments(
    where: str, arguments: Mapping[str, Any], schema: type
) -> tuple[dict[str, Any], RequestOptions]:
    """Check a method's keyword arguments; part them into API parameters and options."""
    if not arguments:
        return {}, {}  # the common call: nothing to check
    check_arguments(where, arguments, schema)
    params = {k: v for k, v in arguments.items() if k not in OPTION_NAMES}
    options: dict[str, Any] = {k: v for k, v in arguments.items() if k in OPTION_NAMES}
    check_overrides(options)
    return params, options  # type: ignore[return-value]


def split_options(where: str, arguments: Mapping[str, Any]) -> RequestOptions:
    return split_arguments(where, arguments, RequestOptions)[1]


def path_segment(name: str, value: object) -> str:
    """An id as one path segment: it can never climb to, or reach, another path."""
    value = require_id(name, value)
    if _PLAIN_ID.fullmatch(value):
        return value  # every real id: nothing to quote
    if value in {".", ".."}:
        raise ValueError(f"{name} must be an id, got {value!r}")
    return quote(value, safe="")


class SyncResource:
    __slots__ = ("_client",)

    def __init__(self, client: DialStack) -> None:
        self._client = client

    def _call(self, call: Call[T]) -> T:
        return self._client._request(call)  # pyright: ignore[reportPrivateUsage]

    def _list(self, call: Call[M]) -> Page[M]:
        return self._client._list(call)  # pyright: ignore[reportPrivateUsage]


class AsyncResource:
    __slots__ = ("_client",)

    def __init__(self, client: AsyncDialStack) -> None:
        self._client = client

    async def _call(self, call: Call[T]) -> T:
        return await self._client._request(call)  # pyright: ignore[reportPrivateUsage]

    def _list(self, call: Call[M]) -> AsyncPager[M]:
        return self._client._list(call)  # pyright: ignore[reportPrivateUsage]
