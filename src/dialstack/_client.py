"""The two clients: their configuration, and ``_request`` / ``_list`` (with raw twins) that
resources call. What a request holds and what an answer means is ``_wire.py``'s, when to
send again is ``_flow.py``'s, sending and reading is ``_drivers.py``'s, and where the
connections live is ``_pool.py``'s."""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Callable, Mapping
from contextlib import aclosing
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar, Unpack, overload

import httpx2

from ._config import (
    CONFIG_NAMES,
    DEFAULT_MAX_NETWORK_RETRIES,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_TIMEOUT,
    AppInfo,
    ClientConfig,
    DialStackConfig,
    check_api_key,
    check_app_info,
    check_max_response_size,
    check_overrides,
    resolve_api_key,
    resolve_api_url,
)
from ._cursor import Cursor
from ._drivers import run_async, run_sync, stream_async, stream_sync
from ._errors import DialStackError, error_from_transport
from ._events import (
    AttemptReporter,
    EventName,
    Listeners,
    RequestListener,
    ResponseListener,
    Telemetry,
)
from ._flow import Flow, send_flow
from ._log import configure_from_environment
from ._loopback import is_loopback
from ._namespaces import AsyncNamespaces, SyncNamespaces
from ._pool import AsyncPool, SyncPool, needs_tls, tls_context
from ._redact import redact_key
from ._retry import RetryPolicy
from ._version import VERSION
from ._wire import (
    WholeResponse,
    account_for,
    build_request,
    has_defaults,
    origin,
    raise_for_status,
    read_page,
    read_result,
    resendable,
)

if TYPE_CHECKING:
    from ._call import Call
    from ._drivers import Decoders
    from ._models import DialStackModel
    from ._pagination import AsyncPage, AsyncPager, Page, PageParts
    from ._raw import RawResponse
    from ._streams import AsyncEventStream, EventStream

T = TypeVar("T")
M = TypeVar("M", bound="DialStackModel")
P = TypeVar("P", SyncPool, AsyncPool)


class _Shared(Generic[P]):
    """What a client shares with every client ``with_options`` derives from it."""

    __slots__ = ("listeners", "pool", "telemetry")

    def __init__(self, pool: P) -> None:
        self.pool: P = pool
        self.listeners = Listeners()
        self.telemetry = Telemetry()


def _make_config(base: ClientConfig | None, values: Mapping[str, Any]) -> ClientConfig:
    """A checked config from keyword values, over ``base`` (for ``with_options``)."""
    unknown = values.keys() - CONFIG_NAMES
    if unknown:
        raise TypeError(f"unexpected client option(s): {', '.join(sorted(unknown))}")
    if "api_key" in values:
        check_api_key(values["api_key"])
    check_overrides(values)
    if values.get("app_info") is not None:
        check_app_info(values["app_info"])
    if "max_response_size" in values:
        check_max_response_size(values["max_response_size"])
    if base is None:
        return ClientConfig(
            api_key=resolve_api_key(values.get("api_key")),
            api_url=resolve_api_url(values.get("api_url")),
            timeout=values.get("timeout", DEFAULT_TIMEOUT),
            max_network_retries=values.get("max_network_retries", DEFAULT_MAX_NETWORK_RETRIES),
            deadline=values.get("deadline"),
            telemetry=bool(values.get("telemetry", True)),
            app_info=values.get("app_info"),
            dialstack_account=values.get("dialstack_account"),
            max_response_size=values.get("max_response_size", DEFAULT_MAX_RESPONSE_SIZE),
            strict_response_validation=bool(values.get("strict_response_validation", False)),
            files_url=_resolved_files_url(values.get("files_url")),
        )
    changes = dict(values)
    if "api_url" in changes:
        changes["api_url"] = resolve_api_url(changes["api_url"])
    if "files_url" in changes:
        changes["files_url"] = _resolved_files_url(changes["files_url"])
    return base._replace(**changes)


def _resolved_files_url(files_url: str | None) -> str | None:
    """A files host given as an option, checked as ``api_url`` is; None follows ``api_url``."""
    return None if files_url is None else resolve_api_url(files_url)


def _user_agent(app_info: AppInfo | None) -> str:
    agent = f"dialstack-python/{VERSION}"
    if app_info:
        agent += f" {app_info['name']}"
        if "version" in app_info:
            agent += f"/{app_info['version']}"
        if "url" in app_info:
            agent += f" ({app_info['url']})"
    return agent


class BaseDialStack(Generic[P]):
    """What the two clients have in common: configuration, listeners, preparing a call."""

    _config: ClientConfig
    _shared: _Shared[P]
    _headers: dict[str, str]
    _policy: RetryPolicy

    def _configure(self, values: dict[str, Any], make_pool: Callable[[str], P]) -> None:
        configure_from_environment()
        if values["api_key"] is None:
            del values["api_key"]  # from the environment, with its own error
        config = _make_config(None, values)
        self._bind(config, _Shared(make_pool(config.api_url)))

    def _bind(self, config: ClientConfig, shared: _Shared[P]) -> None:
        self._config = config
        self._shared = shared
        self._headers = {
            "Authorization": f"Bearer {config.api_key}",
            "User-Agent": _user_agent(config.app_info),
            "Accept": "application/json",
        }
        self._policy = RetryPolicy(config.max_network_retries)

    def with_options(self, **options: Unpack[DialStackConfig]) -> Self:
        """A client with other defaults that shares this one's connections and listeners.

        ``dialstack.with_options(dialstack_account=account.id).users.list()``
        """
        config = _make_config(self._config, options)
        if needs_tls(config.api_url) and not needs_tls(self._config.api_url):
            # The shared connections were set up without TLS (an http:// loopback URL).
            raise ValueError(
                "with_options cannot move an http:// client to an https:// api_url: "
                "make a new client for it"
            )
        clone = object.__new__(type(self))
        clone._bind(config, self._shared)
        return clone

    @property
    def api_url(self) -> str:
        return self._config.api_url

    @property
    def dialstack_account(self) -> str | None:
        return self._config.dialstack_account

    @overload
    def on(self, event: Literal["request"], listener: RequestListener) -> None: ...
    @overload
    def on(self, event: Literal["response"], listener: ResponseListener) -> None: ...
    def on(self, event: EventName, listener: Callable[[Any], object]) -> None:
        """Call ``listener`` with a RequestEvent before, or a ResponseEvent after, each attempt."""
        listeners: Listeners = self._shared.listeners
        if event == "request":
            listeners.request = (*listeners.request, listener)
        elif event == "response":
            listeners.response = (*listeners.response, listener)
        else:
            raise ValueError(f"event must be 'request' or 'response', got {event!r}")

    @overload
    def off(self, event: Literal["request"], listener: RequestListener) -> None: ...
    @overload
    def off(self, event: Literal["response"], listener: ResponseListener) -> None: ...
    def off(self, event: EventName, listener: Callable[[Any], object]) -> None:
        """Stop calling ``listener``; one that was never added is ignored."""
        listeners: Listeners = self._shared.listeners
        if event == "request":
            listeners.request = tuple(f for f in listeners.request if f != listener)
        elif event == "response":
            listeners.response = tuple(f for f in listeners.response if f != listener)
        else:
            raise ValueError(f"event must be 'request' or 'response', got {event!r}")

    def __repr__(self) -> str:
        config = self._config
        account = f", dialstack_account={config.dialstack_account!r}"
        return (
            f"{type(self).__name__}(api_url={config.api_url!r}, "
            f"api_key={redact_key(config.api_key)!r}"
            f"{account if config.dialstack_account else ''})"
        )

    def _target(self, call: Call[Any]) -> Cursor:
        query = dict(call.query) if call.query else {}
        query.update(call.options.get("extra_query", {}))
        return Cursor(self._config.base_url(call.server) + call.path, query)

    def _prepare(
        self, call: Call[Any], target: Cursor, http: httpx2.Client | httpx2.AsyncClient
    ) -> tuple[Flow, AttemptReporter]:
        """The request for one call and the flow that will send it."""
        options = call.options
        config = self._config
        account = account_for(call, config)
        headers = self._headers.copy()
        telemetry = self._shared.telemetry if config.telemetry else None
        if telemetry is not None:
            metrics = telemetry.take_header()
            if metrics is not None:
                headers[Telemetry.HEADER] = metrics
        supplied = None if self._shared.pool.owned or not has_defaults(http) else http
        request = build_request(call, target, headers, account, supplied)
        retries = options.get("max_network_retries") if resendable(call) else 0
        policy = self._policy if retries is None else RetryPolicy(retries)
        flow = send_flow(
            request,
            policy,
            options.get("timeout", config.timeout),
            options.get("deadline", config.deadline),
            time.monotonic,
        )
        return flow, AttemptReporter(self._shared.listeners, telemetry, account)

    def _prepare_stream(
        self, call: Call[T], http: httpx2.Client | httpx2.AsyncClient
    ) -> tuple[httpx2.Request, AttemptReporter, Decoders[T]]:
        """The request that opens each connection of an event stream, and its decoders."""
        from ._streams import EVENT_STREAM, EventDecoder  # noqa: PLC0415 - streams load on use

        assert call.events is not None
        config = self._config
        account = account_for(call, config)
        # identity: a compressed event stream could inflate far past what was read.
        headers = {**self._headers, "Accept": EVENT_STREAM, "Accept-Encoding": "identity"}
        supplied = None if self._shared.pool.owned or not has_defaults(http) else http
        request = build_request(call, self._target(call), headers, account, supplied)
        # No deadline: the timeout bounds each read, so a silence longer than the
        # heartbeats' interval is a drop.
        timeout = call.options.get("timeout", config.timeout)
        request.extensions["timeout"] = dict.fromkeys(("connect", "read", "write", "pool"), timeout)
        decoders = partial(EventDecoder, call.events, strict=config.strict_response_validation)
        return request, AttemptReporter(self._shared.listeners, None, account), decoders

    def _read_result(self, call: Call[T], answer: WholeResponse) -> T:
        return read_result(call, answer, strict=self._config.strict_response_validation)

    def _read_page(self, call: Call[M], cursor: Cursor, answer: WholeResponse) -> PageParts[M]:
        config = self._config
        return read_page(
            call, cursor, answer, config.api_url, strict=config.strict_response_validation
        )


_INIT_DOC = """Args:
        api_key: a secret key (``sk_test_...`` or ``sk_live_...``); default
            ``$DIALSTACK_API_KEY``. Refused if it has whitespace, control or non-ASCII
            characters (the message never shows it).
        api_url: default ``$DIALSTACK_API_URL``, else ``https://api.dialstack.ai``. Plain
            ``http://`` only for a loopback host; never with a ``user:password@``.
        files_url: the files host that takes uploads (``files.create``); default: the
            ``api_url`` itself when it is a loopback one (the emulator serves uploads), else
            its host with ``files.`` for a leading ``api.`` (``https://files.dialstack.ai``).
        timeout: seconds per attempt, from sending to the last byte of the answer, however
            slowly it arrives (None: no timeout).
        max_network_retries: how many times a failed request may be resent.
        deadline: seconds for a whole call, every attempt and wait included (None: none).
        telemetry: send the previous request's id and duration with the next request.
        app_info: your application's ``name`` (and ``version``, ``url``) for the User-Agent.
        dialstack_account: the account context for account-scoped calls, by default.
        max_response_size: the most bytes one answer may have, on the wire and decompressed
            (default 8 MiB); a larger one raises DialStackAPIError (code
            ``response_too_large``) having read no more than this.
        strict_response_validation: refuse an answer with a field that does not fit its
            model (DialStackAPIError) instead of the default tolerant reading, where only
            reading that field raises (DialStackFieldError); for test suites against the
            emulator.
        http_client: your own httpx2 client for proxies or pooling; you own it: closing
            this client leaves it open.

        Raises:
            DialStackAuthenticationError: no API key given and none in the environment.
            ValueError: an option with a bad value.
            TypeError: an ``http_client`` of the wrong kind (sync for async, or the reverse).
        """


def _unreached(error: httpx2.TransportError, target: Cursor) -> DialStackError:
    url = httpx2.URL(target.url)
    return error_from_transport(error, origin(url), on_this_machine=is_loopback(url.host))


class DialStack(SyncNamespaces, BaseDialStack[SyncPool]):
    """The DialStack API client. Thread-safe; use one per application and share it.

    ``DialStack()`` reads ``DIALSTACK_API_KEY``; use it as a context manager, or ``close()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        api_url: str | None = None,
        files_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_network_retries: int = DEFAULT_MAX_NETWORK_RETRIES,
        deadline: float | None = None,
        telemetry: bool = True,
        app_info: AppInfo | None = None,
        dialstack_account: str | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        strict_response_validation: bool = False,
        http_client: httpx2.Client | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx2.Client):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"DialStack needs an httpx2.Client as http_client, got "
                f"{type(http_client).__name__}; an httpx2.AsyncClient goes with AsyncDialStack"
            )
        values: dict[str, Any] = {
            "api_key": api_key,
            "api_url": api_url,
            "files_url": files_url,
            "timeout": timeout,
            "max_network_retries": max_network_retries,
            "deadline": deadline,
            "telemetry": telemetry,
            "app_info": app_info,
            "dialstack_account": dialstack_account,
            "max_response_size": max_response_size,
            "strict_response_validation": strict_response_validation,
        }
        self._configure(values, lambda url: SyncPool(partial(_new_sync_client, url), http_client))

    __init__.__doc__ = _INIT_DOC

    def close(self) -> None:
        """Close the connections (shared with every ``with_options`` client of this one);
        the client cannot be used after."""
        self._shared.pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _send(self, call: Call[Any], target: Cursor) -> WholeResponse:
        http = self._shared.pool.get()
        flow, reporter = self._prepare(call, target, http)
        try:
            return run_sync(flow, http, reporter, self._config.max_response_size)
        except httpx2.TransportError as error:
            raise _unreached(error, target) from error

    def _request(self, call: Call[T]) -> T:
        return self._read_result(call, self._send(call, self._target(call)))

    def _list(self, call: Call[M]) -> Page[M]:
        return self._page(call, self._target(call))

    def _page(self, call: Call[M], cursor: Cursor) -> Page[M]:
        from ._pagination import Page  # noqa: PLC0415 - lists load it on use

        answer = self._send(call, cursor)
        return Page(self._read_page(call, cursor, answer), partial(self._page, call))

    def _request_raw(self, call: Call[T]) -> RawResponse[T]:
        from ._raw import RawResponse  # noqa: PLC0415 - loaded on first use

        answer = raise_for_status(self._send(call, self._target(call)))
        return RawResponse(answer, partial(self._read_result, call))

    def _stream(self, call: Call[T]) -> EventStream[T]:
        from ._streams import EventStream  # noqa: PLC0415 - streams load on use

        http = self._shared.pool.get()
        request, reporter, decoders = self._prepare_stream(call, http)
        limit = self._config.max_response_size
        return EventStream(stream_sync(request, http, reporter, decoders, limit))

    def _list_raw(self, call: Call[M]) -> RawResponse[Page[M]]:
        from ._pagination import Page  # noqa: PLC0415 - lists load it on use
        from ._raw import RawResponse  # noqa: PLC0415

        cursor = self._target(call)
        answer = raise_for_status(self._send(call, cursor))

        def parse(answer: WholeResponse) -> Page[M]:
            return Page(self._read_page(call, cursor, answer), partial(self._page, call))

        return RawResponse(answer, parse)


def _new_sync_client(api_url: str) -> httpx2.Client:
    from ._wallclock import bounded_client  # noqa: PLC0415 - loaded with the first call

    return bounded_client(tls_context(api_url))


def _new_async_client(context: Any) -> tuple[httpx2.AsyncClient, bool]:
    from ._wallclock import bounded_async_client  # noqa: PLC0415 - loaded with the first call

    return bounded_async_client(context)


class AsyncDialStack(AsyncNamespaces, BaseDialStack[AsyncPool]):
    """The asyncio DialStack API client; ``await`` every call. Task-safe, and usable from any
    event loop (each loop gets its own connections, closed when that loop ends).

    ``async with AsyncDialStack() as dialstack:``, or ``await dialstack.aclose()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        api_url: str | None = None,
        files_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_network_retries: int = DEFAULT_MAX_NETWORK_RETRIES,
        deadline: float | None = None,
        telemetry: bool = True,
        app_info: AppInfo | None = None,
        dialstack_account: str | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        strict_response_validation: bool = False,
        http_client: httpx2.AsyncClient | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx2.AsyncClient):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"AsyncDialStack needs an httpx2.AsyncClient as http_client, got "
                f"{type(http_client).__name__}; an httpx2.Client goes with DialStack"
            )
        values: dict[str, Any] = {
            "api_key": api_key,
            "api_url": api_url,
            "files_url": files_url,
            "timeout": timeout,
            "max_network_retries": max_network_retries,
            "deadline": deadline,
            "telemetry": telemetry,
            "app_info": app_info,
            "dialstack_account": dialstack_account,
            "max_response_size": max_response_size,
            "strict_response_validation": strict_response_validation,
        }
        self._configure(values, lambda url: AsyncPool(_new_async_client, http_client, url))

    __init__.__doc__ = _INIT_DOC

    async def aclose(self) -> None:
        """Close the connections (shared with every ``with_options`` client of this one);
        the client cannot be used after."""
        await self._shared.pool.aclose()

    async def close(self) -> None:
        """The same as ``aclose()``."""
        await self.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _send(self, call: Call[Any], target: Cursor) -> WholeResponse:
        http, bounded_at_socket = await self._shared.pool.get()
        flow, reporter = self._prepare(call, target, http)
        limit = self._config.max_response_size
        try:
            return await run_async(flow, http, reporter, limit, bounded_at_socket=bounded_at_socket)
        except httpx2.TransportError as error:
            raise _unreached(error, target) from error

    async def _request(self, call: Call[T]) -> T:
        return self._read_result(call, await self._send(call, self._target(call)))

    def _list(self, call: Call[M]) -> AsyncPager[M]:
        from ._pagination import AsyncPager  # noqa: PLC0415 - lists load it on use

        return AsyncPager(self._target(call), partial(self._page, call))

    async def _page(self, call: Call[M], cursor: Cursor) -> AsyncPage[M]:
        from ._pagination import AsyncPage  # noqa: PLC0415 - lists load it on use

        answer = await self._send(call, cursor)
        return AsyncPage(self._read_page(call, cursor, answer), partial(self._page, call))

    def _stream(self, call: Call[T]) -> AsyncEventStream[T]:
        from ._streams import AsyncEventStream  # noqa: PLC0415 - streams load on use

        account_for(call, self._config)  # no account fails here, not when first read
        return AsyncEventStream(self._stream_events(call))

    async def _stream_events(self, call: Call[T]) -> AsyncGenerator[T]:
        http, _ = await self._shared.pool.get()
        request, reporter, decoders = self._prepare_stream(call, http)
        limit = self._config.max_response_size
        async with aclosing(stream_async(request, http, reporter, decoders, limit)) as events:
            async for event in events:
                yield event

    async def _request_raw(self, call: Call[T]) -> RawResponse[T]:
        from ._raw import RawResponse  # noqa: PLC0415 - loaded on first use

        answer = raise_for_status(await self._send(call, self._target(call)))
        return RawResponse(answer, partial(self._read_result, call))

    async def _list_raw(self, call: Call[M]) -> RawResponse[AsyncPage[M]]:
        from ._pagination import AsyncPage  # noqa: PLC0415 - lists load it on use
        from ._raw import RawResponse  # noqa: PLC0415

        cursor = self._target(call)
        answer = raise_for_status(await self._send(call, cursor))

        def parse(answer: WholeResponse) -> AsyncPage[M]:
            return AsyncPage(self._read_page(call, cursor, answer), partial(self._page, call))

        return RawResponse(answer, parse)
