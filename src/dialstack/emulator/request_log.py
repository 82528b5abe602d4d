"""What each tenant sent and what it got back, for tests to assert on (server side).

Entries keep the raw request and render lazily: logging must not slow the request path.
The Authorization header is redacted when an entry is recorded; no key is ever kept.
"""

import itertools
import json
from collections import deque
from dataclasses import dataclass
from typing import Any

from .auth import redact_authorization

MAX_ENTRIES_PER_TENANT = 1000  # the oldest go first; a test rarely looks further back


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

    def as_json(self) -> dict[str, Any]:
        headers: dict[str, str] = {}
        for raw_name, raw_value in self.headers:
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            headers[name] = redact_authorization(value) if name == "authorization" else value
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": headers,
            "body": _parsed_body(self.body),
            "status": self.status,
            "request_id": self.request_id,
        }


class RequestLog:
    def __init__(self) -> None:
        self._entries: dict[str | None, deque[LogEntry]] = {}
        self._sequence = itertools.count()

    def record(self, entry: LogEntry) -> None:
        entry.sequence = next(self._sequence)
        entries = self._entries.get(entry.tenant)
        if entries is None:
            entries = self._entries[entry.tenant] = deque(maxlen=MAX_ENTRIES_PER_TENANT)
        entries.append(entry)

    def entries(self, tenant: str | None) -> list[dict[str, Any]]:
        """Oldest first: one tenant's entries, or everyone's (``None``)."""
        if tenant is not None:
            chosen = list(self._entries.get(tenant, ()))
        else:
            chosen = sorted(
                (entry for entries in self._entries.values() for entry in entries),
                key=lambda entry: entry.sequence,
            )
        return [entry.as_json() for entry in chosen]

    def clear(self, tenant: str | None) -> None:
        if tenant is None:
            self._entries.clear()
        else:
            self._entries.pop(tenant, None)


def _parsed_body(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")
