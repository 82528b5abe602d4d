"""Pages of a list, and walking all of them, for both list shapes the API has served.

``next_cursor`` is the one decision (pure): the current API's ``next_page_url`` when the
answer has that key, else the older ``starting_after`` while ``has_more``. Pages and
pagers only loop over it.
"""

from __future__ import annotations

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
from typing import Any, Generic, NamedTuple, TypeVar, cast
from urllib.parse import urlsplit

from ._cursor import Cursor
from ._errors import DialStackAPIError
from ._json import as_object
from ._models import DialStackModel

M = TypeVar("M", bound=DialStackModel)


def next_cursor(body: Mapping[str, Any], sent: Cursor, api_url: str) -> Cursor | None:
    """Where the page after ``body`` (fetched from ``sent``) is, or None at the end."""
    if "next_page_url" in body:
        link = body["next_page_url"]
        if not link:
            return None
        if not isinstance(link, str):
            raise DialStackAPIError(  # its type, never its repr: it may be hostile
                f"DialStack sent a next_page_url that is a {type(link).__name__}, not a string"
            )
        return Cursor(_resolve(link, api_url), {})
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


class BasePage(Generic[M]):
    """One page of a list: its items in ``data`` and how to reach the next."""

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
        self.data = parts.data
        self.has_more: bool = bool(body.get("has_more", parts.next is not None))
        self.next_page_url: str | None = body.get("next_page_url")
        self.previous_page_url: str | None = body.get("previous_page_url")
        self.url: str | None = body.get("url")
        self.request_id = parts.request_id
        self._cursor = parts.cursor
        self._next = parts.next

    def has_next_page(self) -> bool:
        return self._next is not None

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

    def __iter__(self) -> Iterator[M]:
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
     "request_id", "url"}
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

    def __getattr__(self, name: str) -> Any:
        if name in _PAGE_ATTRIBUTES:
            raise AttributeError(
                f"'AsyncPager' has no attribute {name!r}: it is not a page yet. Await it for "
                "the first page (page = await client.accounts.list()), or walk every item "
                "with `async for item in client.accounts.list():`"
            )
        raise AttributeError(f"'AsyncPager' object has no attribute {name!r}")

    def __iter__(self) -> Iterator[M]:
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
