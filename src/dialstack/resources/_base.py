"""What a resource needs of a client (``SyncClient``, ``AsyncClient``), its raw-response
forms (``with_raw_response``), and the helpers the generated resource modules are made of.

Resources depend on the two small protocols below, never on the client classes: the clients
satisfy them, and neither package imports the other's modules at run time.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from types import MethodType
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    Protocol,
    TypeVar,
    cast,
    overload,
)
from urllib.parse import quote

from .._call import Call
from .._config import OPTION_NAMES, RequestOptions, check_overrides
from .._errors import DialStackAPIError
from .._validate import check_arguments, require_id

if TYPE_CHECKING:
    from .._models import DialStackModel
    from .._pagination import AsyncPage, AsyncPager, Page
    from .._raw import RawResponse
    from .._streams import AsyncEventStream, EventStream

_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")
T = TypeVar("T")
M = TypeVar("M", bound="DialStackModel")
R = TypeVar("R")
S = TypeVar("S")
P = ParamSpec("P")
F = TypeVar("F", bound=Callable[..., Any])


class SyncClient(Protocol):
    """What a sync resource needs of its client (``DialStack`` has it)."""

    def _request(self, call: Call[T]) -> T: ...
    def _list(self, call: Call[M]) -> Page[M]: ...
    def _request_raw(self, call: Call[T]) -> RawResponse[T]: ...
    def _list_raw(self, call: Call[M]) -> RawResponse[Page[M]]: ...
    def _stream(self, call: Call[T]) -> EventStream[T]: ...


class AsyncClient(Protocol):
    """What an async resource needs of its client (``AsyncDialStack`` has it)."""

    def _request(self, call: Call[T]) -> Awaitable[T]: ...
    def _list(self, call: Call[M]) -> AsyncPager[M]: ...
    def _request_raw(self, call: Call[T]) -> Awaitable[RawResponse[T]]: ...
    def _list_raw(self, call: Call[M]) -> Awaitable[RawResponse[AsyncPage[M]]]: ...
    def _stream(self, call: Call[T]) -> AsyncEventStream[T]: ...


class SyncResource:
    __slots__ = ("_client",)

    def __init__(self, client: SyncClient) -> None:
        self._client = client

    def _call(self, call: Call[T]) -> T:
        return self._client._request(call)  # pyright: ignore[reportPrivateUsage]

    def _list(self, call: Call[M]) -> Page[M]:
        return self._client._list(call)  # pyright: ignore[reportPrivateUsage]

    def _stream(self, call: Call[T]) -> EventStream[T]:
        return self._client._stream(call)  # pyright: ignore[reportPrivateUsage]


class AsyncResource:
    __slots__ = ("_client",)

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def _call(self, call: Call[T]) -> T:
        return await self._client._request(call)  # pyright: ignore[reportPrivateUsage]

    def _list(self, call: Call[M]) -> AsyncPager[M]:
        return self._client._list(call)  # pyright: ignore[reportPrivateUsage]

    def _stream(self, call: Call[T]) -> AsyncEventStream[T]:
        return self._client._stream(call)  # pyright: ignore[reportPrivateUsage]


class _RawMode:
    """A client's raw entry points under the names a resource calls: a resource over it runs
    each method exactly as usual, and the client answers a RawResponse in place of the result.
    """

    __slots__ = ("_list", "_request")

    def __init__(self, client: SyncClient | AsyncClient) -> None:
        self._request = client._request_raw  # pyright: ignore[reportPrivateUsage]
        self._list = client._list_raw  # pyright: ignore[reportPrivateUsage]


class RawForms:
    """The base of each namespace's ``with_raw_response``: its methods as ``RawForm``s, run on
    a copy of the resource whose client is in raw mode."""

    __slots__ = ("_resource",)

    def __init__(self, resource: SyncResource | AsyncResource) -> None:
        # The one place a method's declared result is not what it returns: RawForm's types
        # (``raw``, ``raw_async``) say what callers get instead.
        raw_client = cast("Any", _RawMode(resource._client))  # pyright: ignore[reportPrivateUsage]
        self._resource = type(resource)(raw_client)


class raw_forms(Generic[S, R]):  # a decorator, named like ``property``
    """Makes ``with_raw_response`` a property whose value is the namespace's ``RawForms``.

    Read on the class, it is the function itself (so ``inspect`` and ``help()`` see a
    callable, the same on a sync and an async resource).
    """

    def __init__(self, make: Callable[[S], R]) -> None:
        self._make = make
        self.__doc__ = make.__doc__

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Callable[[S], R]: ...
    @overload
    def __get__(self, resource: S, owner: type[Any]) -> R: ...
    def __get__(self, resource: S | None, owner: type[Any]) -> R | Callable[[S], R]:
        return self._make if resource is None else self._make(resource)


_RAW_NOTE = (
    "\n\nThis raw form answers a ``RawResponse`` (``status_code``, ``headers``, "
    "``request_id``, ``content``) as soon as the call succeeds; its ``parse()`` gives the "
    "result described above."
)


class RawForm(Generic[P, R]):
    """``resource.with_raw_response.<method>``: the same method, with the same parameters and
    checks, run on its resource in raw mode. Made by ``raw`` and ``raw_async``."""

    __slots__ = ("_function",)

    def __init__(self, method: Callable[..., Any], awaits: bool) -> None:
        form = _awaiting_form(method) if awaits else _form(method)
        signature = inspect.signature(method)
        result = str(signature.return_annotation)
        if result.startswith("AsyncPager["):  # an async list's raw form has one page
            result = "AsyncPage[" + result.removeprefix("AsyncPager[")
        form.__signature__ = signature.replace(  # type: ignore[attr-defined]
            return_annotation=f"RawResponse[{result}]"
        )
        form.__name__ = method.__name__
        form.__module__ = method.__module__
        form.__doc__ = inspect.cleandoc(method.__doc__ or "") + _RAW_NOTE
        self._function: Callable[..., R] = form

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._function.__qualname__ = f"{owner.__qualname__}.{name}"

    @overload
    def __get__(self, forms: None, owner: type[Any]) -> Callable[Concatenate[Any, P], R]: ...
    @overload
    def __get__(self, forms: RawForms, owner: type[Any]) -> Callable[P, R]: ...
    def __get__(self, forms: RawForms | None, owner: type[Any]) -> Callable[..., R]:
        if forms is None:
            return self._function
        return MethodType(self._function, forms)


def _form(method: Callable[..., Any]) -> Callable[..., Any]:
    def form(forms: RawForms, /, *args: Any, **kwargs: Any) -> Any:
        return method(forms._resource, *args, **kwargs)  # pyright: ignore[reportPrivateUsage]

    return form


def _awaiting_form(method: Callable[..., Any]) -> Callable[..., Any]:
    async def form(forms: RawForms, /, *args: Any, **kwargs: Any) -> Any:
        return await method(forms._resource, *args, **kwargs)  # pyright: ignore[reportPrivateUsage]

    return form


def raw(method: Callable[Concatenate[Any, P], T]) -> RawForm[P, RawResponse[T]]:
    """The raw form of a sync method."""
    return RawForm(method, awaits=False)


@overload
def raw_async(
    method: Callable[Concatenate[Any, P], AsyncPager[M]],
) -> RawForm[P, Awaitable[RawResponse[AsyncPage[M]]]]: ...
@overload
def raw_async(
    method: Callable[Concatenate[Any, P], Awaitable[T]],
) -> RawForm[P, Awaitable[RawResponse[T]]]: ...
def raw_async(method: Callable[..., Any]) -> RawForm[Any, Any]:
    """The raw form of an async method: awaited, it answers the RawResponse (for a list,
    of its first page)."""
    return RawForm(method, awaits=True)


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


def iso_instants(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The date-time and date arguments ``names`` as the ISO 8601 text the API reads.

    A ``datetime`` must be aware: a naive one names no instant (the SDK will not guess the
    zone), so it is a ValueError before anything is sent. A ``date`` is sent as a date alone,
    which the API reads as its midnight UTC. Strings go as they are.
    """
    for name in names:
        value = values.get(name)
        if isinstance(value, datetime):
            if value.utcoffset() is None:
                raise ValueError(
                    f"{name} must be an aware datetime (with a tzinfo, such as "
                    f"datetime.now(UTC)), got the naive {value.isoformat()!r}"
                )
            values[name] = value.isoformat().replace("+00:00", "Z")
        elif isinstance(value, date):
            values[name] = value.isoformat()
    return values


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
