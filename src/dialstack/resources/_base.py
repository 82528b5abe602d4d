"""What a resource method declares (``Call``), what it needs of a client (``SyncClient``,
``AsyncClient``), and the helpers the generated resource modules are made of.

Resources depend on the two small protocols below, never on the client classes: the clients
satisfy them, and neither package imports the other's modules at run time.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    NamedTuple,
    Protocol,
    TypeVar,
    cast,
    overload,
)
from urllib.parse import quote

from .._config import OPTION_NAMES, RequestOptions, check_overrides
from .._errors import DialStackAPIError
from .._validate import check_arguments, require_id

if TYPE_CHECKING:
    from .._models import DialStackModel
    from .._pagination import AsyncPage, AsyncPager, Page
    from .._raw import RawResponse

_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")
T = TypeVar("T")
M = TypeVar("M", bound="DialStackModel")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


class Call(NamedTuple, Generic[T]):
    """One API call, declared: what to send, and how the answer's JSON becomes the result.

    ``parse`` gets the decoded JSON value (an object or an array; for a paged list, one
    item) and the request id, and raises ``DialStackAPIError`` when the value does not fit;
    None means the answer has no body (204, 202, an empty 200). ``query`` values may be
    str, int, bool (sent as ``true``/``false``) or a list of str (repeated keys).
    """

    where: str
    method: str
    path: str
    parse: Callable[[Any, str | None], T] | None
    options: RequestOptions
    body: Mapping[str, Any] | None = None
    query: Mapping[str, Any] | None = None
    account: Literal["never", "optional", "required"] = "never"
    """The ``DialStack-Account`` rule: never sent, sent when known, or needed."""


class SyncClient(Protocol):
    """What a sync resource needs of its client (``DialStack`` has it)."""

    def _request(self, call: Call[T]) -> T: ...
    def _list(self, call: Call[M]) -> Page[M]: ...
    def _request_raw(self, call: Call[T]) -> RawResponse[T]: ...
    def _list_raw(self, call: Call[M]) -> RawResponse[Page[M]]: ...


class AsyncClient(Protocol):
    """What an async resource needs of its client (``AsyncDialStack`` has it)."""

    def _request(self, call: Call[T]) -> Awaitable[T]: ...
    def _list(self, call: Call[M]) -> AsyncPager[M]: ...
    def _request_raw(self, call: Call[T]) -> Awaitable[RawResponse[T]]: ...
    def _list_raw(self, call: Call[M]) -> Awaitable[RawResponse[AsyncPage[M]]]: ...


class SyncResource:
    __slots__ = ("_client",)

    def __init__(self, client: SyncClient) -> None:
        self._client = client

    def _call(self, call: Call[T]) -> T:
        return self._client._request(call)  # pyright: ignore[reportPrivateUsage]

    def _list(self, call: Call[M]) -> Page[M]:
        return self._client._list(call)  # pyright: ignore[reportPrivateUsage]

    def _call_raw(self, call: Call[T]) -> RawResponse[T]:
        return self._client._request_raw(call)  # pyright: ignore[reportPrivateUsage]

    def _list_raw(self, call: Call[M]) -> RawResponse[Page[M]]:
        return self._client._list_raw(call)  # pyright: ignore[reportPrivateUsage]


class AsyncResource:
    __slots__ = ("_client",)

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def _call(self, call: Call[T]) -> T:
        return await self._client._request(call)  # pyright: ignore[reportPrivateUsage]

    def _list(self, call: Call[M]) -> AsyncPager[M]:
        return self._client._list(call)  # pyright: ignore[reportPrivateUsage]

    async def _call_raw(self, call: Call[T]) -> RawResponse[T]:
        return await self._client._request_raw(call)  # pyright: ignore[reportPrivateUsage]

    async def _list_raw(self, call: Call[M]) -> RawResponse[AsyncPage[M]]:
        return await self._client._list_raw(call)  # pyright: ignore[reportPrivateUsage]


class RawTwin(Generic[R]):
    """``resource.with_raw_response``: the resource's twin whose methods answer RawResponse.

    Read on the class, it is a function making the twin from a client (so ``inspect`` sees
    the same callable on a sync and an async resource).
    """

    __slots__ = ("_make", "_twin")

    def __init__(self, twin: Callable[[Any], R]) -> None:
        self._twin = twin

        def make(client: object) -> R:
            return twin(client)

        self._make = make

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Callable[[object], R]: ...
    @overload
    def __get__(self, resource: SyncResource | AsyncResource, owner: type[Any]) -> R: ...
    def __get__(
        self, resource: SyncResource | AsyncResource | None, owner: type[Any]
    ) -> R | Callable[[object], R]:
        if resource is None:
            return self._make
        return self._twin(resource._client)  # pyright: ignore[reportPrivateUsage]


def keywords_only(method: F) -> F:
    """Refuse a dict passed where keyword arguments go, saying how to pass it.

    ``accounts.create({"email": ...})`` would otherwise fail with Python's bare "takes 1
    positional argument but 2 were given".
    """
    code = method.__code__
    fixed = code.co_argcount
    name = method.__qualname__

    def refuse(args: tuple[Any, ...]) -> None:
        short = name.rsplit(".", 1)[-1]
        got = type(args[fixed]).__name__
        raise TypeError(
            f"{name}() takes its parameters as keyword arguments, not a positional {got}: "
            f"call {short}(**params)"
        )

    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def checked_async(*args: Any, **kwargs: Any) -> Any:
            if len(args) > fixed:
                refuse(args)
            return await method(*args, **kwargs)

        return checked_async  # type: ignore[return-value]

    @functools.wraps(method)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > fixed:
            refuse(args)
        return method(*args, **kwargs)

    return checked  # type: ignore[return-value]


def split_arguments(
    where: str, arguments: Mapping[str, Any], schema: type
) -> tuple[dict[str, Any], RequestOptions]:
    """Check a method's keyword arguments; part them into API parameters and options."""
    if not arguments and not getattr(schema, "__required_keys__", None):
        return {}, {}  # the common call: nothing to check
    check_arguments(where, arguments, schema)
    params = {k: v for k, v in arguments.items() if k not in OPTION_NAMES}
    options: dict[str, Any] = {k: v for k, v in arguments.items() if k in OPTION_NAMES}
    check_overrides(options)
    return params, options  # type: ignore[return-value]


def split_options(where: str, arguments: Mapping[str, Any]) -> RequestOptions:
    return split_arguments(where, arguments, RequestOptions)[1]


def renamed(values: dict[str, Any], wire_names: Mapping[str, str]) -> dict[str, Any]:
    """Keyword names as the API spells them (``expand`` -> ``expand[]``)."""
    return {wire_names.get(key, key): value for key, value in values.items()}


def path_segment(name: str, value: object) -> str:
    """An id as one path segment: it can never climb to, or reach, another path."""
    value = require_id(name, value)
    if _PLAIN_ID.fullmatch(value):
        return value  # every real id: nothing to quote
    if value in {".", ".."}:
        raise ValueError(f"{name} must be an id, got {value!r}")
    return quote(value, safe="")


def list_parser(model: type[M]) -> Callable[[Any, str | None], list[M]]:
    """The parser of an answer that is a bare JSON array of ``model`` objects."""

    def parse(value: object, request_id: str | None) -> list[M]:
        if not isinstance(value, list):
            raise DialStackAPIError(
                f"DialStack sent {type(value).__name__} where a list of {model.__name__} "
                "was expected",
                request_id=request_id,
                raw=value,
            )
        return [model.from_wire(item, request_id) for item in cast("list[object]", value)]

    return parse
