"""The clients. ``BaseDialStack`` builds each request and reads each answer; ``DialStack`` and
``AsyncDialStack`` only drive the shared ``send_flow`` with their driver."""

from __future__ import annotations

import json
import os
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from functools import cache, partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar, Unpack, cast, overload

import httpx2

from ._config import (
    CONFIG_NAMES,
    DEFAULT_MAX_NETWORK_RETRIES,
    DEFAULT_TIMEOUT,
    AppInfo,
    ClientConfig,
    DialStackConfig,
    check_api_key,
    check_app_info,
    check_overrides,
    resolve_api_key,
    resolve_api_url,
)
from ._cursor import Cursor
from ._drivers import run_async, run_sync
from ._errors import DialStackAPIError, error_from_response, error_from_transport
from ._events import (
    EventName,
    Exchange,
    Listeners,
    RequestListener,
    ResponseListener,
    Telemetry,
)
from ._flow import Flow, send_flow
from ._json import as_object
from ._namespaces import AsyncNamespaces, SyncNamespaces
from ._redact import redact_key
from ._retry import RetryPolicy
from ._version import VERSION

if TYPE_CHECKING:
    from ._models import DialStackModel
    from ._pagination import AsyncPage, AsyncPager, Page, PageParts
    from .resources._base import Call

T = TypeVar("T")
M = TypeVar("M", bound="DialStackModel")
H = TypeVar("H", httpx2.Client, httpx2.AsyncClient)

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_JSON_SEPARATORS = (",", ":")
_ACCEPT_ENCODING = "gzip, deflate"  # what httpx2 offers by default


class _Pool(Generic[H]):
    """The httpx2 client: made on first use, and made anew in a forked child, whose
    copies of the parent's sockets must never carry a request (they are the parent's)."""

    __slots__ = ("_client", "_factory", "_lock", "_owned", "_pid")

    def __init__(self, factory: Callable[[], H], supplied: H | None) -> None:
        self._factory: Callable[[], H] = factory
        self._client: H | None = supplied
        self._owned = supplied is None
        self._pid = os.getpid()
        self._lock = threading.Lock()

    def get(self) -> H:
        client = self._client
        if client is not None and self._pid == os.getpid():
            return client
        if self._pid != os.getpid():
            # A forked child: the lock may have been held by a thread that no longer exists.
            self._lock = threading.Lock()
        with self._lock:
            if self._client is None or (self._owned and self._pid != os.getpid()):
                self._client, self._pid = self._factory(), os.getpid()
            return self._client

    @property
    def owned(self) -> bool:
        return self._owned

    def owned_client(self) -> H | None:
        """The client to close: ours, and made in this process."""
        return self._client if self._owned and self._pid == os.getpid() else None


class _Shared(Generic[H]):
    """What a client shares with every client ``with_options`` derives from it."""

    __slots__ = ("listeners", "pool", "telemetry")
    pool: _Pool[H]
    listeners: Listeners
    telemetry: Telemetry

    def __init__(self, pool: _Pool[H]) -> None:
        self.pool = pool
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
        )
    changes = dict(values)
    if "api_url" in changes:
        changes["api_url"] = resolve_api_url(changes["api_url"])
    return base._replace(**changes)


def _user_agent(app_info: AppInfo | None) -> str:
    agent = f"dialstack-python/{VERSION}"
    if app_info:
        agent += f" {app_info['name']}"
        if "version" in app_info:
            agent += f"/{app_info['version']}"
        if "url" in app_info:
            agent += f" ({app_info['url']})"
    return agent


@cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying SSL context for every client of the process: building one (loading the
    trust store) is most of what a new client costs, and a context is safe to share."""
    return httpx2.create_ssl_context()


def _new_idempotency_key() -> str:
    return os.urandom(16).hex()


class BaseDialStack(Generic[H]):
    """Everything the two clients have in common: configuration, building and reading."""

    _config: ClientConfig
    _shared: _Shared[H]
    _headers: dict[str, str]
    _policy: RetryPolicy

    def __init__(
        self,
        api_key: str | None = None,
        *,
        api_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_network_retries: int = DEFAULT_MAX_NETWORK_RETRIES,
        deadline: float | None = None,
        telemetry: bool = True,
        app_info: AppInfo | None = None,
        dialstack_account: str | None = None,
        http_client: H | None = None,
    ) -> None:
        """Args:
        api_key: a secret key (``sk_test_...`` or ``sk_live_...``); default
            ``$DIALSTACK_API_KEY``.
        api_url: default ``$DIALSTACK_API_URL``, else ``https://api.dialstack.ai``. Plain
            ``http://`` only for a loopback host.
        timeout: seconds per attempt (None: no timeout).
        max_network_retries: how many times a failed request may be resent.
        deadline: seconds for a whole call, every attempt and wait included (None: none).
        telemetry: send the previous request's id and duration with the next request.
        app_info: your application's ``name`` (and ``version``, ``url``) for the User-Agent.
        dialstack_account: the account context for account-scoped calls, by default.
        http_client: your own ``httpx2.Client`` (``AsyncClient``) for proxies or pooling;
            you own it: closing this client leaves it open.

        Raises:
            DialStackAuthenticationError: no API key given and none in the environment.
            ValueError: an option with a bad value.
        """
        values: dict[str, Any] = {
            "api_key": api_key,
            "api_url": api_url,
            "timeout": timeout,
            "max_network_retries": max_network_retries,
            "deadline": deadline,
            "telemetry": telemetry,
            "app_info": app_info,
            "dialstack_account": dialstack_account,
        }
        if api_key is None:
            del values["api_key"]  # from the environment, with its own error
        config = _make_config(None, values)
        self._bind(config, _Shared(_Pool(self._new_http_client, http_client)))

    def _bind(self, config: ClientConfig, shared: _Shared[H]) -> None:
        self._config = config
        self._shared = shared
        self._headers = {
            "Authorization": f"Bearer {config.api_key}",
            "User-Agent": _user_agent(config.app_info),
            "Accept": "application/json",
        }
        self._policy = RetryPolicy(config.max_network_retries)

    def _new_http_client(self) -> H:
        raise NotImplementedError

    def with_options(self, **options: Unpack[DialStackConfig]) -> Self:
        """A client with other defaults that shares this one's connections and listeners.

        ``dialstack.with_options(dialstack_account=account.id).users.list()``
        """
        clone = object.__new__(type(self))
        clone._bind(_make_config(self._config, options), self._shared)
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
        return Cursor(self._config.api_url + call.path, query)

    def _prepare(self, call: Call[Any], target: Cursor, http: H) -> tuple[Flow, Exchange]:
        """The request for one call and the flow that will send it."""
        options = call.options
        config = self._config
        account = options.get("dialstack_account", config.dialstack_account)
        if call.account == "never":
            account = None
        elif call.account == "required" and not account:
            raise ValueError(
                f"{call.where} needs an account: pass dialstack_account='acct_...', or use "
                "client.with_options(dialstack_account=...)"
            )
        headers = self._headers.copy()
        if account:
            headers["DialStack-Account"] = account
        key = options.get("idempotency_key")
        if call.method == "POST" and not key:
            key = _new_idempotency_key()  # one key for every attempt: a create happens once
        if key:
            headers["Idempotency-Key"] = key
        if config.telemetry:
            metrics = self._shared.telemetry.take_header()
            if metrics is not None:
                headers[Telemetry.HEADER] = metrics
        content = None
        if call.method in _BODY_METHODS:
            body = dict(call.body) if call.body else {}
            body.update(options.get("extra_body", {}))
            content = json.dumps(body, separators=_JSON_SEPARATORS).encode()
            headers["Content-Type"] = "application/json"
        headers.update(options.get("extra_headers", {}))
        params = target.params or None
        if self._shared.pool.owned:
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
        retries = options.get("max_network_retries")
        policy = self._policy if retries is None else RetryPolicy(retries)
        flow = send_flow(
            request,
            policy,
            options.get("timeout", config.timeout),
            options.get("deadline", config.deadline),
            time.monotonic,
        )
        telemetry = self._shared.telemetry if config.telemetry else None
        return flow, Exchange(self._shared.listeners, telemetry, account)

    def _parse(self, call: Call[T], response: httpx2.Response) -> T:
        if not response.is_success:
            raise error_from_response(response)
        if call.parse is None:
            return None  # type: ignore[return-value]  # Call[None]: a delete
        request_id = response.headers.get("x-request-id")
        return call.parse(_json_object(response, request_id), request_id)

    def _page_parts(self, call: Call[M], cursor: Cursor, response: httpx2.Response) -> PageParts[M]:
        from ._pagination import PageParts, next_cursor  # noqa: PLC0415 - lists load it on use

        if not response.is_success:
            raise error_from_response(response)
        request_id = response.headers.get("x-request-id")
        body = _json_object(response, request_id)
        data = body.get("data")
        if not isinstance(data, list) or call.parse is None:
            raise DialStackAPIError(
                "DialStack sent a list without a data array", request_id=request_id, raw=body
            )
        parse = call.parse
        items = [parse(_list_item(item), request_id) for item in cast("list[object]", data)]
        return PageParts(
            items, body, cursor, next_cursor(body, cursor, self._config.api_url), request_id
        )


def _list_item(item: object) -> Mapping[str, Any]:
    found = as_object(item)
    if found is None:
        raise DialStackAPIError(f"DialStack sent a list item that is not an object: {item!r}")
    return found


def _json_object(response: httpx2.Response, request_id: str | None) -> Mapping[str, Any]:
    try:
        body = as_object(response.json())
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if body is None:
        raise DialStackAPIError(
            f"DialStack answered HTTP {response.status_code} with a body that is not a JSON object",
            status_code=response.status_code,
            request_id=request_id,
            headers=response.headers,
            raw=response.text,
        )
    return body


class DialStack(SyncNamespaces, BaseDialStack[httpx2.Client]):
    """The DialStack API client. Thread-safe; use one per application and share it.

    ``DialStack()`` reads ``DIALSTACK_API_KEY``; use it as a context manager, or ``close()``.
    """

    def _new_http_client(self) -> httpx2.Client:
        return httpx2.Client(verify=_ssl_context())

    def close(self) -> None:
        """Close the connections (shared with every ``with_options`` client of this one)."""
        client = self._shared.pool.owned_client()
        if client is not None:
            client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _send(self, call: Call[Any], target: Cursor) -> httpx2.Response:
        http = self._shared.pool.get()
        flow, exchange = self._prepare(call, target, http)
        try:
            return run_sync(flow, http, exchange)
        except httpx2.TransportError as error:
            raise error_from_transport(error) from error

    def _request(self, call: Call[T]) -> T:
        return self._parse(call, self._send(call, self._target(call)))

    def _list(self, call: Call[M]) -> Page[M]:
        return self._page(call, self._target(call))

    def _page(self, call: Call[M], cursor: Cursor) -> Page[M]:
        from ._pagination import Page  # noqa: PLC0415 - lists load it on use

        response = self._send(call, cursor)
        return Page(self._page_parts(call, cursor, response), partial(self._page, call))


class AsyncDialStack(AsyncNamespaces, BaseDialStack[httpx2.AsyncClient]):
    """The asyncio (and trio) DialStack API client; ``await`` every call. Task-safe.

    ``async with AsyncDialStack() as dialstack:``, or ``await dialstack.aclose()``.
    """

    def _new_http_client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(verify=_ssl_context())

    async def aclose(self) -> None:
        """Close the connections (shared with every ``with_options`` client of this one)."""
        client = self._shared.pool.owned_client()
        if client is not None:
            await client.aclose()

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

    async def _send(self, call: Call[Any], target: Cursor) -> httpx2.Response:
        http = self._shared.pool.get()
        flow, exchange = self._prepare(call, target, http)
        try:
            return await run_async(flow, http, exchange)
        except httpx2.TransportError as error:
            raise error_from_transport(error) from error

    async def _request(self, call: Call[T]) -> T:
        return self._parse(call, await self._send(call, self._target(call)))

    def _list(self, call: Call[M]) -> AsyncPager[M]:
        from ._pagination import AsyncPager  # noqa: PLC0415 - lists load it on use

        return AsyncPager(self._target(call), partial(self._page, call))

    async def _page(self, call: Call[M], cursor: Cursor) -> AsyncPage[M]:
        from ._pagination import AsyncPage  # noqa: PLC0415 - lists load it on use

        response = await self._send(call, cursor)
        return AsyncPage(self._page_parts(call, cursor, response), partial(self._page, call))
