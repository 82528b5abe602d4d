"""Idle and half-open connections: a deadline for every request head, and room for new peers.

uvicorn closes a keep-alive connection after ``timeout_keep_alive`` of silence, but a
connection that never sends a request, or sends its head one byte at a time, stays open
for good, and enough of them use up the process's file descriptors so that nobody else
gets in. ``GuardedH11Protocol`` gives every request head ``REQUEST_HEAD_TIMEOUT`` from the
moment the connection starts waiting for it, however the bytes trickle in, and every body
``BODY_TIMEOUT`` from the end of its head (past either, the connection is closed); when the
open connections near the descriptor limit, each new connection closes the connection
that has waited longest for a request head: those that are working are never closed, and
a new client gets in. (uvicorn's ``limit_concurrency`` answers 503 to requests over a limit
but frees no descriptor held by a silent peer, so it would not help here.)
"""

import asyncio
import json
import logging
import resource
import time

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_HEAD_TIMEOUT = 10.0  # s: from connect (or the end of the last answer) to a whole head
BODY_TIMEOUT = 30.0  # s: from a head to the end of its body
KEEP_ALIVE_TIMEOUT = 5  # s: uvicorn's, for a silent connection between requests
_DESCRIPTORS_KEPT_FREE = 64  # for the database, the listener, logs and the odd file


def connection_limit() -> int:
    """How many connections we keep open at most: the descriptor limit less a reserve."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 1_000_000
    return max(soft - _DESCRIPTORS_KEPT_FREE, 16)


_CONNECTION_LIMIT = connection_limit()


_CUT_ON_PURPOSE = "ASGI callable returned without completing response."


class _DeliberateCuts(logging.Filter):
    """uvicorn logs an answer the app left unfinished as an error; the emulator leaves one
    unfinished only for a ``drop`` or ``drop_after_commit`` fault, which the test asked for,
    so that line would only alarm whoever reads the test run's output."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != _CUT_ON_PURPOSE


# A child of uvicorn's logger: its records reach the same handlers, past this one filter.
_CONNECTION_LOGGER = logging.getLogger("uvicorn.error.emulator_connections")
_CONNECTION_LOGGER.addFilter(_DeliberateCuts())


class GuardedH11Protocol(H11Protocol):
    # One timer per connection for its whole life, re-armed when it fires: a request costs
    # a clock read, not a timer.
    _waiting_since: float | None = None
    """When this connection started waiting for a request head; None while it has one."""
    _body_since: float | None = None
    """When the head of a request whose body has not all arrived did; else None."""
    _head_timer: asyncio.TimerHandle | None = None

    def send_400_response(self, msg: str) -> None:
        """A request HTTP cannot read (a garbage ``Content-Length``, a broken head) gets the
        API's error shape, as every other answer of the emulator does, not uvicorn's text."""
        body = json.dumps(
            {"error": f"Malformed HTTP request: {msg}", "code": "bad_request", "details": {}}
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # Its requests log through the filtered child, at uvicorn's level.
        _CONNECTION_LOGGER.setLevel(self.logger.level)
        self.logger = _CONNECTION_LOGGER
        self._waiting_since = time.monotonic()
        self._head_timer = self.loop.call_later(REQUEST_HEAD_TIMEOUT, self._check_deadlines)
        if len(self.connections) > _CONNECTION_LIMIT:
            self._close_longest_waiting()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            if self._body_since is None:
                self._body_since = time.monotonic()
        elif self._body_since is not None:
            self._body_since = None
        if self._waiting_since is not None and state is not h11.IDLE:
            self._waiting_since = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._waiting_since = time.monotonic()

    def connection_lost(self, exc: Exception | None) -> None:
        self._waiting_since = self._body_since = None
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def _check_deadlines(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        now = time.monotonic()
        deadline = now + REQUEST_HEAD_TIMEOUT
        if self._waiting_since is not None:
            deadline = min(deadline, self._waiting_since + REQUEST_HEAD_TIMEOUT)
        if self._body_since is not None:
            deadline = min(deadline, self._body_since + BODY_TIMEOUT)
        if deadline <= now:
            self._close()
            return
        self._head_timer = self.loop.call_later(deadline - now, self._check_deadlines)

    def _close_longest_waiting(self) -> None:
        longest: GuardedH11Protocol | None = None
        oldest = float("inf")
        for connection in self.connections:
            if isinstance(connection, GuardedH11Protocol) and connection is not self:
                since = connection._waiting_since
                if since is not None and since < oldest:
                    longest, oldest = connection, since
        if longest is not None:
            longest._close()

    def _close(self) -> None:
        self._waiting_since = self._body_since = None
        if not self.transport.is_closing():
            self.transport.close()
