"""Idempotency keys: record the first answer per (tenant, key) and replay it for 24 hours.

The record is written in the same SQLite transaction as the write it answers, so a client
whose connection dropped after the commit gets the committed answer when it retries. A key
reused with another method, path, account or body is refused, naming what differs; a retry
that arrives while the first request still runs gets 409 instead of running a second time.
Answers of 5xx and injected faults are not recorded: a retry must be able to succeed.
"""

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from .db import Database
from .errors import IdempotencyKeyInUse, IdempotencyKeyReused

WINDOW = 24 * 60 * 60  # s: as Stripe keeps keys
_PARTS = ("method", "path", "DialStack-Account header", "body")


def request_identity(method: str, path: str, account: str | None, body: Any) -> str:
    """The request a key stands for, part by part, so a mismatch can say which part."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    body_digest = hashlib.sha256(canonical.encode()).hexdigest()
    return json.dumps([method, path, account, body_digest])


@dataclass(frozen=True)
class StoredAnswer:
    request_identity: str
    status: int
    body: str
    stored_at: float


class Idempotency:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._in_flight: set[tuple[str, str]] = set()

    def claim(self, tenant: str, key: str, request: str) -> StoredAnswer | None:
        """The answer to replay, or None after marking the key as running.

        Raises:
            IdempotencyKeyReused: the key answered a different request.
            IdempotencyKeyInUse: a request with this key is still running.
        """
        stored = self._stored_answer(tenant, key)
        if stored is not None and time.time() - stored.stored_at < WINDOW:
            if stored.request_identity != request:
                raise IdempotencyKeyReused(
                    f"Idempotency-Key {key!r} was already used for a request with a different "
                    f"{_difference(stored.request_identity, request)}",
                    {"idempotency_key": key},
                )
            return stored
        if (tenant, key) in self._in_flight:
            raise IdempotencyKeyInUse(
                f"A request with Idempotency-Key {key!r} is still being processed; retry later",
                {"idempotency_key": key},
            )
        self._in_flight.add((tenant, key))
        return None

    def release(self, tenant: str, key: str) -> None:
        self._in_flight.discard((tenant, key))

    def store_answer(self, tenant: str, key: str, answer: StoredAnswer) -> None:
        """Inside the transaction of the write it answers."""
        self._db.execute(
            "INSERT OR REPLACE INTO idempotency"
            " (tenant, key, fingerprint, status, body, stored_at) VALUES (?, ?, ?, ?, ?, ?)",
            (tenant, key, answer.request_identity, answer.status, answer.body, answer.stored_at),
        )

    def _stored_answer(self, tenant: str, key: str) -> StoredAnswer | None:
        row = self._db.execute(
            "SELECT fingerprint, status, body, stored_at FROM idempotency"
            " WHERE tenant = ? AND key = ?",
            (tenant, key),
        ).fetchone()
        return None if row is None else StoredAnswer(row[0], row[1], row[2], row[3])


def _difference(stored: str, request: str) -> str:
    for part, old, new in zip(_PARTS, json.loads(stored), json.loads(request), strict=True):
        if old != new:
            return part
    return "request"
