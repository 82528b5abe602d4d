"""Pages of a list, and walking all of them, for both list shapes the API has served.

``cursor_after`` is the one decision (pure): the current API's ``next_page_url`` when the
answer has that key, else ``starting_after`` (the other list shape) while ``has_more``. Pages and
pagers only loop over it.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Generator,
    Iterator,
    Mapping,
)
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, NoReturn, TypeVar, cast
from urllib.parse import parse_qs, urlsplit

import httpx2

from ._cursor import Cursor
from ._errors import DialStackAPIError
from ._json import as_object
from ._models import DialStackModel

M = TypeVar("M", bound=DialStackModel)


def cursor_after(body: Mapping[str, Any], sent: Cursor, api_url: str) -> Cursor | None:
    """Where the page after ``body`` (fetched from ``sent``) is, or None at the end."""
    if "next_page_url" in body:
        link = body["next_page_url"]
        if not link:
            return None
        if not isinstance(link, str):
            raise DialStackAPIError(  # its type, never its repr: it may be hostile
                f"DialStack sent a next_page_url that is a {type(link).__name__}, not a string"
            )
        return Cursor(_requestable(link, api_url), {})
    data = body.get("data")
    if not body.get("has_more") or not isinstance(data, list) or not data:
        return None
    items = cast("list[object]", data)
    params = dict(sent.params)
    if "ending_before" in params:  # walking backwards: keep going backwards
        params["ending_before"] = _id_of(items[0])
    else:
        params["starting_after"] = _id_of(items[-1])
    return Cursor(sent.url, params)


def _id_of(item: object) -> str:
    found = as_object(item)
    item_id = None if found is None else found.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise DialStackAPIError("DialStack sent a list item without an id to page after")
    return item_id


def _resolve(link: str, api_url: str) -> str:
    """A next page link, made absolute; never one that would take the key to another origin."""
    base = urlsplit(api_url)
    target = urlsplit(link)
    if not target.scheme and not target.netloc:
        # A path relative to the base URL (which may carry a path prefix of its own).
        if base.path and link.startswith(base.path + "/"):
            link = link[len(base.path) :]
        return api_url + (link if link.startswith("/") else "/" + link)
    if (target.scheme, target.hostname, target.port) != (base.scheme, base.hostname, base.port):
        raise DialStackAPIError(
            f"Refusing to follow a next page link to another origin: {target.scheme}://"
            f"{target.netloc}"
        )
    return link


def _requestable(link: str, api_url: str) -> str:
    """``link`` made absolute if a request can carry it, else the DialStackAPIError it amounts
    to: a link with a control character, a lone surrogate, a bad port or too long for httpx2
    is the server's mistake, and ends the walk as one (never as httpx2's ``InvalidURL``)."""
    try:
        url = _resolve(link, api_url)
        httpx2.URL(url)
    except (httpx2.InvalidURL, UnicodeError, ValueError) as error:
        reason = f"{type(error).__name__}: {error}"[:200]  # bounded: the link may be huge
        raise DialStackAPIError(
            f"DialStack sent a next_page_url no request can carry ({reason})"
        ) from None
    return url


REPEAT_WINDOW = 64  # pages: a walk remembers this many cursors, so memory stays flat


class RepeatGuard:
    """Stops a walk whose server sends a next page it already sent (the walk would never end).

    It remembers the last ``REPEAT_WINDOW`` cursors, not all of them: a walk over millions of
    items keeps constant memory, and a server stuck on a page or cycling among recent ones
    is still caught.
    """

    __slots__ = ("_order", "_seen")

    def __init__(self, first: Cursor) -> None:
        key = first.key()
        self._order: deque[tuple[str, tuple[tuple[str, str], ...]]] = deque([key])
        self._seen = {key}

    def check(self, cursor: Cursor) -> None:
        key = cursor.key()
        if key in self._seen:
            raise DialStackAPIError(f"DialStack repeated a page cursor ({cursor.url}); stopping")
        self._order.append(key)
        self._seen.add(key)
        if len(self._order) > REPEAT_WINDOW:
            self._seen.discard(self._order.popleft())


class PageParts(NamedTuple, Generic[M]):
    """A page as read from one answer: its items, its body, and where it and the next are."""

    data: list[M]
    body: Mapping[str, Any]
    cursor: Cursor
    next: Cursor | None
    request_id: str | None


def _page_token(link: object) -> str | None:
    """The ``page`` parameter of a page link: what ``list(page=...)`` takes to fetch it."""
    if not isinstance(link, str) or not link:
        return None
    tokens = parse_qs(urlsplit(link).query).get("page")
    return tokens[0] if tokens and tokens[0] else None


def _frozen(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError(f"a {type(self).__name__} is the answer as sent and cannot be changed")


def _wire_json(page: Mapping[str, Any]) -> dict[str, Any]:
    plain: dict[str, Any] = json.loads(json.dumps(page))
    return plain


class BasePage(dict[str, Any], Generic[M]):
    """One page of a list: its items in ``data`` and how to reach the next.

    A page *is* the list answer as sent (a frozen ``dict`` of the wire JSON, its ``data`` the
    item models, which are their JSON too), so ``json.dumps(page)``, ``page["has_more"]`` and a
    web framework returning it all give the wire JSON. Iterating a page walks its items from it
    on, as ``async for`` does on the async client; ``keys()`` and ``items()`` are the JSON's.
    """

    __slots__ = (
        "_cursor",
        "_next",
        "data",
        "has_more",
        "next_page_url",
        "previous_page_url",
        "request_id",
        "url",
    )

    def __init__(self, parts: PageParts[M]) -> None:
        body = parts.body
        super().__init__(body, data=parts.data)
        self.data = parts.data
        self.has_more: bool = bool(body.get("has_more", parts.next is not None))
        self.next_page_url: str | None = body.get("next_page_url")
        self.previous_page_url: str | None = body.get("previous_page_url")
        self.url: str | None = body.get("url")
        self.request_id = parts.request_id
        self._cursor = parts.cursor
        self._next = parts.next

    @property
    def next_cursor(self) -> str | None:
        """The next page's token, for one's own frontend to hand back: ``list(page=cursor)``
        (with the same filters and ``limit``) fetches that page. None on the last page, and on
        an answer in the list shape without ``next_page_url``: there, resume with
        ``starting_after=page.data[-1].id``."""
        return _page_token(self.next_page_url)

    @property
    def previous_cursor(self) -> str | None:
        """The previous page's token, as ``next_cursor`` is the next's; None on the first."""
        return _page_token(self.previous_page_url)

    def has_next_page(self) -> bool:
        return self._next is not None

    def to_dict(self) -> dict[str, Any]:
        """The page's JSON as plain dicts and lists (``dict(page)`` is the shallow copy)."""
        return _wire_json(self)

    # Frozen: the mapping is the answer as it arrived.
    __setitem__ = _frozen
    __delitem__ = _frozen
    __ior__ = _frozen
    clear = _frozen
    pop = _frozen
    popitem = _frozen
    setdefault = _frozen
    update = _frozen

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """What pydantic (FastAPI's ``response_model``) needs to take a route annotated
        ``-> Page[Account]``: a page of this class, answered as its wire JSON. Only pydantic
        calls it, so pydantic is imported only where it already is."""
        from pydantic_core import core_schema  # noqa: PLC0415 - only pydantic calls this

        return core_schema.is_instance_schema(
            cls,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _wire_json, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "object", "title": cls.__name__, "properties": {"data": {"type": "array"}}}

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(data=[{len(self.data)} items], has_more={self.has_more}, "
            f"next_page_url={self.next_page_url!r}, request_id={self.request_id!r})"
        )


def _check_limit(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a whole number >= 1, got {limit!r}")
    return limit


class Page(BasePage[M]):
    """A page from the sync client; ``auto_paging_iter()`` walks on from it."""

    __slots__ = ("_fetch",)

    def __init__(self, parts: PageParts[M], fetch: Callable[[Cursor], Page[M]]) -> None:
        super().__init__(parts)
        self._fetch = fetch

    def next_page(self) -> Page[M] | None:
        """The following page, fetched now, or None after the last."""
        return None if self._next is None else self._fetch(self._next)

    def auto_paging_iter(self) -> Iterator[M]:
        """Every item from this page on, fetching each next page only when it is reached."""
        page: Page[M] = self
        guard = RepeatGuard(self._cursor)
        while True:
            yield from page.data
            if page._next is None:
                return
            guard.check(page._next)
            page = self._fetch(page._next)

    # A page is the wire JSON as a mapping, yet ``for`` walks its items: what a list is for,
    # and what ``async for`` does on the async client (keys() stays the mapping's).
    def __iter__(self) -> Iterator[M]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """``for item in client.accounts.list():`` walks every item, as ``async for`` does
        on the async client."""
        return self.auto_paging_iter()

    def auto_paging_to_list(self, *, limit: int) -> list[M]:
        """At most ``limit`` items from this page on, as a list."""
        limit = _check_limit(limit)
        items: list[M] = []
        for item in self.auto_paging_iter():
            items.append(item)
            if len(items) >= limit:
                break
        return items


class AsyncPage(BasePage[M]):
    """A page from the async client; ``auto_paging_iter()`` walks on from it."""

    __slots__ = ("_fetch",)

    def __init__(
        self, parts: PageParts[M], fetch: Callable[[Cursor], Awaitable[AsyncPage[M]]]
    ) -> None:
        super().__init__(parts)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[M] | None:
        return None if self._next is None else await self._fetch(self._next)

    async def auto_paging_iter(self) -> AsyncIterator[M]:
        page: AsyncPage[M] = self
        guard = RepeatGuard(self._cursor)
        while True:
            for item in page.data:
                yield item
            if page._next is None:
                return
            guard.check(page._next)
            page = await self._fetch(page._next)

    def __aiter__(self) -> AsyncIterator[M]:
        """``async for item in page:`` walks every item from this page on."""
        return self.auto_paging_iter()

    # A plain ``for`` over an async page is a mistake (as a mapping it would walk the JSON's
    # keys): type checkers see no ``__iter__``, and at run time it says what to write.
    if TYPE_CHECKING:
        __iter__: ClassVar[None]  # type: ignore[assignment]
    else:

        def __iter__(self):
            raise TypeError(
                "An AsyncPage is walked with `async for item in page:`, inside an async "
                "function (page.data holds this page's items)"
            )

    async def auto_paging_to_list(self, *, limit: int) -> list[M]:
        limit = _check_limit(limit)
        items: list[M] = []
        async for item in self.auto_paging_iter():
            items.append(item)
            if len(items) >= limit:
                break
        return items


_PAGE_ATTRIBUTES = frozenset(
    {"data", "has_more", "next_page", "has_next_page", "next_page_url", "previous_page_url",
     "next_cursor", "previous_cursor", "request_id", "url", "to_dict"}
)  # fmt: skip


class AsyncPager(Coroutine[Any, Any, AsyncPage[M]], Generic[M]):
    """What the async ``list()`` returns: ``await`` it for the first page, or walk every item
    with ``async for item in ....list()`` / ``.auto_paging_iter()``.

    It is also a coroutine of the first page (``send``/``throw``/``close``), so that
    ``asyncio.run(client.accounts.list())``, ``create_task`` and ``gather`` take it.
    """

    __slots__ = ("_fetch", "_first", "_running")

    def __init__(
        self, first: Cursor, fetch: Callable[[Cursor], Coroutine[Any, Any, AsyncPage[M]]]
    ) -> None:
        self._first = first
        self._fetch = fetch
        self._running: Coroutine[Any, Any, AsyncPage[M]] | None = None

    def __await__(self) -> Generator[Any, None, AsyncPage[M]]:
        return self._fetch(self._first).__await__()

    def _first_page(self) -> Coroutine[Any, Any, AsyncPage[M]]:
        if self._running is None:
            self._running = self._fetch(self._first)
        return self._running

    def send(self, value: Any) -> Any:
        return self._first_page().send(value)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        return self._first_page().throw(typ, val, tb)

    def close(self) -> None:
        if self._running is not None:
            self._running.close()

    # Reading a page's attribute off the un-awaited list, or a plain ``for`` over it, is a
    # mistake: type checkers see neither (so they flag both), and at run time each says what
    # to write instead.
    if not TYPE_CHECKING:

        def __getattr__(self, name):
            if name in _PAGE_ATTRIBUTES:
                raise AttributeError(
                    f"'AsyncPager' has no attribute {name!r}: it is not a page yet. Await it "
                    "for the first page (page = await client.accounts.list()), or walk every "
                    "item with `async for item in client.accounts.list():`"
                )
            raise AttributeError(f"'AsyncPager' object has no attribute {name!r}")

        def __iter__(self):
            raise TypeError(
                "An AsyncPager is walked with `async for item in client.accounts.list():` (or "
                "`await` it for the first page), inside an async function"
            )

    async def auto_paging_iter(self) -> AsyncIterator[M]:
        page = await self._fetch(self._first)
        async for item in page.auto_paging_iter():
            yield item

    def __aiter__(self) -> AsyncIterator[M]:
        return self.auto_paging_iter()

    async def auto_paging_to_list(self, *, limit: int) -> list[M]:
        _check_limit(limit)
        page = await self._fetch(self._first)
        return await page.auto_paging_to_list(limit=limit)
