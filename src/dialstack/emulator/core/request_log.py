"""What each tenant sent and what it got back, for tests to assert on (server side).

Entries keep the raw request and render lazily: logging must not slow the request path.
What is kept is bounded: a body up to ``MAX_LOGGED_BODY_BYTES`` (the rest is cut and
marked), ``MAX_ENTRIES_PER_TENANT`` entries per key, and ``MAX_ENTRIES`` or ``MAX_BYTES``
in all, whichever comes first; the oldest go first. Secrets are hidden when an entry is
shown (``log_redaction``); no key is kept in anything shown.
"""

import itertools
from collections import deque
from dataclasses import dataclass
from itertools import chain
from typing import Any

from .errors import InvalidJson
from .log_redaction import redact_header, redact_text
from .request_body import parse_json

MAX_ENTRIES_PER_TENANT = 1000  # the oldest go first; a test rarely looks further back
MAX_ENTRIES = 10_000  # every tenant's together, the unauthenticated included
MAX_BYTES = 64 * 1024 * 1024  # bodies, headers and URLs of all entries together
MAX_LOGGED_BODY_BYTES = 16 * 1024
_ENTRY_OVERHEAD = 512  # bytes: the objects around the data, roughly
TRUNCATED = "…[truncated]"


@dataclass(slots=True)
class LogEntry:
    tenant: str | None
    method: str
    path: str
    """As sent, percent-escapes and all."""
    query: str
    headers: list[tuple[bytes, bytes]]
    body: bytes
    status: int
    """The status answered; 0 while unanswered, or when the connection was dropped."""
    request_id: str
    sequence: int = 0
    """Order of arrival across tenants; set when recorded."""

    size: int = 0
    """Bytes held, roughly; set when recorded."""

    def as_json(self) -> dict[str, Any]:
        headers: dict[str, str] = {}
        for raw_name, raw_value in self.headers:
            name = raw_name.decode("latin-1").lower()
            headers[name] = redact_header(name, raw_value.decode("latin-1"))
        return {
            "method": self.method,
            "path": redact_text(self.path),
            "query": redact_text(self.query),
            "headers": headers,
            "body": _shown_body(self.body),
            "status": self.status,
            "request_id": self.request_id,
        }


class RequestLog:
    def __init__(self) -> None:
        self._by_tenant: dict[str | None, deque[LogEntry]] = {}
        self._arrivals: deque[LogEntry] = deque()
        """Every kept entry, oldest first (and some already dropped from their tenant's)."""
        self._bytes = 0
        """The size of the entries in ``_arrivals``."""
        self._sequence = itertools.count()

    def record(self, entry: LogEntry) -> None:
        if len(entry.body) > MAX_LOGGED_BODY_BYTES:
            entry.body = entry.body[: MAX_LOGGED_BODY_BYTES + 1]  # one more: "was cut"
        entry.sequence = next(self._sequence)
        entry.size = (
            _ENTRY_OVERHEAD
            + len(entry.body)
            + sum(map(len, chain.from_iterable(entry.headers)))
            + len(entry.path)
            + len(entry.query)
        )
        entries = self._by_tenant.get(entry.tenant)
        if entries is None:
            entries = self._by_tenant[entry.tenant] = deque()
        entries.append(entry)
        if len(entries) > MAX_ENTRIES_PER_TENANT:
            entries.popleft()
        self._arrivals.append(entry)
        self._bytes += entry.size
        while len(self._arrivals) > MAX_ENTRIES or self._bytes > MAX_BYTES:
            self._forget(self._arrivals.popleft())

    def entries(self, tenant: str | None) -> list[dict[str, Any]]:
        """Oldest first: one tenant's entries, or everyone's (``None``)."""
        if tenant is not None:
            chosen = list(self._by_tenant.get(tenant, ()))
        else:
            chosen = sorted(
                (entry for entries in self._by_tenant.values() for entry in entries),
                key=lambda entry: entry.sequence,
            )
        return [entry.as_json() for entry in chosen]

    def clear(self, tenant: str | None) -> None:
        if tenant is None:
            self._by_tenant.clear()
            self._arrivals.clear()
            self._bytes = 0
        else:
            self._by_tenant.pop(tenant, None)

    def _forget(self, entry: LogEntry) -> None:
        self._bytes -= entry.size
        entries = self._by_tenant.get(entry.tenant)
        if entries and entries[0] is entry:
            entries.popleft()
            if not entries:
                del self._by_tenant[entry.tenant]


def _shown_body(body: bytes) -> Any:
    if not body:
        return None
    if len(body) > MAX_LOGGED_BODY_BYTES:
        kept = body[:MAX_LOGGED_BODY_BYTES].decode("utf-8", "ignore")
        return redact_text(kept) + TRUNCATED
    text = redact_text(body.decode("utf-8", "replace"))
    try:
        return parse_json(text.encode())
    except InvalidJson:
        return text
