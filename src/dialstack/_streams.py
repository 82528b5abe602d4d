"""Event streams (``presence.subscribe_park_slots``): what a stream yields, and every decision
about its connections, without I/O.

A stream is one connection after another. ``Reconnection`` says how long to wait before the
next, ``admission`` what an answer's head means (read on, wait, or fail), and ``EventDecoder``
turns one connection's bytes into the events the caller sees, through ``_sse``'s bounded
parser. The drivers (``_drivers.stream_sync`` / ``stream_async``) do the sending, reading and
sleeping; ``EventStream`` and ``AsyncEventStream`` hand their events to the caller.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from types import TracebackType
from typing import Any, Generic, NamedTuple, Self, TypeVar

import httpx2

from ._errors import UNREADABLE_RESPONSE, DialStackAPIError, DialStackError
from ._json import DECODE_ERRORS, decode
from ._models import reading
from ._retry import MAX_RETRY_AFTER, parse_retry_after
from ._sse import SSEError, SSEParser

T = TypeVar("T")

FIRST_DELAY = 1.0
LONGEST_DELAY = 30.0
EVENT_STREAM = "text/event-stream"


class Reconnection:
    """How long to wait before connecting again: 1 s, doubling with each attempt up to 30 s,
    back to 1 s once the server has accepted a connection; a positive ``Retry-After`` of a
    refusal instead, when it gives one, up to a minute (the delay still doubles, as the Node
    SDK's does, so an intermediary that drops the header cannot make a hot loop)."""

    __slots__ = ("_delay",)

    def __init__(self) -> None:
        self._delay = FIRST_DELAY

    def accepted(self) -> None:
        self._delay = FIRST_DELAY

    def wait(self, retry_after: float | None = None) -> float:
        wait = self._delay
        if retry_after is not None and retry_after > 0:
            wait = min(retry_after, MAX_RETRY_AFTER)
        self._delay = min(self._delay * 2, LONGEST_DELAY)
        return wait


class Admission(NamedTuple):
    """What the head of a stream's answer means: ``read`` it; or wait ``wait`` seconds and
    connect again; or neither: fail with the answer's error (``_wire.raise_for_status``)."""

    read: bool
    wait: float | None = None


def admission(response: httpx2.Response, reconnection: Reconnection) -> Admission:
    """A 200 of ``text/event-stream`` is read; a 429 (too many streams) or a 5xx waits and
    connects again; any other answer fails, since connecting again would get it again (a bad
    key, a bad slot, an account that is not the key's).

    Raises:
        DialStackAPIError: a success that is not an event stream (a proxy that answered for
            the server, say): reading it as one would fail on every reconnection.
    """
    status = response.status_code
    if response.is_success:
        media = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media != EVENT_STREAM:
            raise DialStackAPIError(
                f"DialStack answered HTTP {status} with {media or 'no content type'}, "
                f"not {EVENT_STREAM}",
                status_code=status,
                code=UNREADABLE_RESPONSE,
                request_id=response.headers.get("x-request-id"),
                headers=response.headers,
            )
        reconnection.accepted()
        return Admission(read=True)
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return Admission(read=False, wait=reconnection.wait(retry_after))
    if status >= 500:
        return Admission(read=False, wait=reconnection.wait())
    return Admission(read=False)


class BrokenStream(Exception):
    """The connection's bytes are no event stream (over the parser's bounds, not UTF-8, an
    event whose data is not JSON): the drivers drop it and connect again, and the fresh
    snapshot that follows puts right whatever was lost."""


EventParsers = Mapping[str, Callable[[Any, str | None], T]]


class EventDecoder(Generic[T]):
    """One connection: bytes in, the caller's events out. Events the stream does not declare
    (``connected``, or one the API adds later) are skipped; heartbeats never reach here."""

    __slots__ = ("_parser", "_parsers", "_request_id", "_strict")

    def __init__(self, parsers: EventParsers[T], request_id: str | None, strict: bool) -> None:
        self._parser = SSEParser()
        self._parsers = parsers
        self._request_id = request_id
        self._strict = strict

    def feed(self, chunk: bytes) -> list[T]:
        """The events ``chunk`` completes.

        Raises:
            BrokenStream: see the class.
            DialStackError: with ``strict_response_validation``, an event whose data does not
                fit its model.
        """
        try:
            found = self._parser.feed(chunk)
        except SSEError as error:
            raise BrokenStream(str(error)) from None
        events: list[T] = []
        for event in found:
            parse = self._parsers.get(event.event)
            if parse is None:
                continue
            try:
                value = decode(event.data.encode())
            except DECODE_ERRORS:
                raise BrokenStream(f"the data of a {event.event} event is not JSON") from None
            try:
                with reading(strict=self._strict):
                    events.append(parse(value, self._request_id))
            except DialStackError:
                if self._strict:
                    raise
                raise BrokenStream(f"a {event.event} event the SDK could not read") from None
        return events


class EventStream(Generic[T]):
    """A stream's events as they come, for as long as it is read: ``for event in stream``.

    It connects when first read and connects again on its own when the connection drops,
    the server ends it, or no byte (not even a heartbeat) arrives within the client's
    ``timeout``; each connection starts with the whole state again. The call's ``deadline``
    does not apply. An answer that connecting again cannot change (a bad key, bad
    arguments) raises its ``DialStackError``. Use it in a ``with`` block, or ``close()``
    it: the connection closes, and iteration ends.
    """

    __slots__ = ("_events",)

    def __init__(self, events: Generator[T]) -> None:
        self._events = events

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> T:
        return next(self._events)

    def close(self) -> None:
        self._events.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncEventStream(Generic[T]):
    """``EventStream`` for the async client: ``async for event in stream`` in an
    ``async with`` block, or ``await stream.aclose()``."""

    __slots__ = ("_events",)

    def __init__(self, events: AsyncGenerator[T]) -> None:
        self._events = events

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> T:
        return await anext(self._events)

    async def aclose(self) -> None:
        await self._events.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
