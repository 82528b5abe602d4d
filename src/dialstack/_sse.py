"""A Server-Sent Events parser with no I/O: bytes in, events out.

It follows the WHATWG event-stream rules: lines end in ``\\r\\n``, ``\\n`` or ``\\r`` (a
``\\r`` at the end of one chunk and a ``\\n`` at the start of the next are one line end);
``:`` starts a comment (a heartbeat); ``data:`` lines join with ``\\n``; ``retry:`` takes
digits only; a blank line dispatches an event that has data. A line or an event larger than
its bound raises ``SSEError``, so a hostile server cannot grow the client's memory.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LINE_BYTES = 64 * 1024
MAX_EVENT_BYTES = 1024 * 1024


class SSEError(ValueError):
    """The stream broke the parser's bounds or is not UTF-8."""


@dataclass(frozen=True)
class ServerSentEvent:
    event: str
    data: str
    id: str | None = None
    retry_ms: int | None = None
    """The server's reconnection delay, when this event's block carried a ``retry:``."""


class SSEParser:
    def __init__(
        self, *, max_line_bytes: int = MAX_LINE_BYTES, max_event_bytes: int = MAX_EVENT_BYTES
    ) -> None:
        self._max_line = max_line_bytes
        self._max_event = max_event_bytes
        self._line = bytearray()
        self._after_cr = False
        self._event = ""
        self._data: list[str] = []
        self._data_size = 0
        self._id: str | None = None
        self._retry: int | None = None
        self.last_event_id: str | None = None
        self.comments = 0
        """How many ``:`` lines (heartbeats) have passed: a stream can be alive with no events."""

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """The events the chunk completes.

        Raises:
            SSEError: a line or an event is over its bound, or a line is not UTF-8.
        """
        if not chunk:  # nothing to read, and a pending \r still waits for its \n
            return []
        events: list[ServerSentEvent] = []
        start = 0
        if self._after_cr and chunk[:1] == b"\n":
            start = 1
        self._after_cr = False
        size = len(chunk)
        while start < size:
            cr = chunk.find(b"\r", start)
            lf = chunk.find(b"\n", start)
            ends = [i for i in (cr, lf) if i >= 0]
            if not ends:
                self._grow(chunk[start:])
                break
            end = min(ends)
            self._grow(chunk[start:end])
            line = bytes(self._line)
            self._line.clear()
            event = self._take_line(line)
            if event is not None:
                events.append(event)
            if chunk[end] == 13:  # \r: a \n right after it is the same line end
                if end + 1 == size:
                    self._after_cr = True
                    start = size
                elif chunk[end + 1] == 10:
                    start = end + 2
                else:
                    start = end + 1
            else:
                start = end + 1
        return events

    def _grow(self, part: bytes) -> None:
        if len(self._line) + len(part) > self._max_line:
            raise SSEError(f"an event-stream line is longer than {self._max_line} bytes")
        self._line += part

    def _take_line(self, raw: bytes) -> ServerSentEvent | None:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SSEError("an event-stream line is not UTF-8") from None
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            self.comments += 1
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data_size += len(value) + 1
            if self._data_size > self._max_event:
                raise SSEError(f"an event is larger than {self._max_event} bytes")
            self._data.append(value)
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if self._id is not None:
            self.last_event_id = self._id
        event = None
        if self._data:
            event = ServerSentEvent(
                self._event or "message", "\n".join(self._data), self.last_event_id, self._retry
            )
        self._event = ""
        self._data = []
        self._data_size = 0
        self._id = None
        self._retry = None
        return event
