"""The webhooks' tables: endpoints, the event log, deliveries and their attempts.

They are in the one database, so an event recorded by a handler commits with the handler's
own writes, and everything survives a restart on a file database.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS webhook_endpoints (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    livemode INTEGER NOT NULL,
    status TEXT NOT NULL,
    enabled_events TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_by_scope
    ON webhook_endpoints (tenant, account_id, id);
CREATE INDEX IF NOT EXISTS webhook_endpoints_by_status
    ON webhook_endpoints (tenant, account_id, status, id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT,
    type TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_tenant ON events (tenant, id);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    endpoint_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL
);
-- What is due: pending deliveries only, so finding them costs what is pending, never the
-- history of delivered ones. (It replaces an index of all tenants' due times together.)
DROP INDEX IF EXISTS webhook_deliveries_due;
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending
    ON webhook_deliveries (tenant, next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_tenant ON webhook_deliveries (tenant, id);
-- An event's deliveries: what the retention asks before it forgets an event, and what the
-- cascade of that delete finds.
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_event ON webhook_deliveries (event_id);
CREATE TABLE IF NOT EXISTS webhook_attempts (
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    started_at REAL NOT NULL,
    duration REAL NOT NULL,
    status_code INTEGER,
    error TEXT,
    PRIMARY KEY (delivery_id, number)
);
"""

_PENDING = "FROM webhook_deliveries WHERE status = 'pending'"
_DUE_AGAIN = "status = 'pending', next_attempt_at = ?"
_JOINED = "FROM webhook_deliveries d JOIN events e ON e.id = d.event_id"
PENDING, DELIVERED, FAILED, CANCELED = "pending", "delivered", "failed", "canceled"
_ENDPOINTS = Keyset("webhook_endpoints")


@dataclass(frozen=True)
class WebhookEndpoint:
    """What fan-out and delivery need of an endpoint."""

    id: str
    account_id: str | None
    status: str
    enabled_events: list[str]
    url: str
    secret: str

    def wants(self, event_type: str) -> bool:
        return "*" in self.enabled_events or event_type in self.enabled_events


@dataclass(frozen=True)
class OutgoingDelivery:
    """One delivery, ready to send: where, with which secret, which bytes."""

    delivery_id: str
    tenant: str
    attempts: int
    url: str | None
    """None: the endpoint was deleted or disabled since the event."""
    secret: str
    body: str


@dataclass(frozen=True)
class DeliveryAttempt:
    number: int
    started_at: float
    duration: float
    status_code: int | None
    error: str | None


@dataclass(frozen=True)
class Delivery:
    id: str
    event_id: str
    event_type: str
    endpoint_id: str
    status: str
    next_attempt_at: float | None
    attempts: list[DeliveryAttempt]


class WebhookTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    # Endpoints

    def insert_endpoint(
        self, tenant: str, endpoint: WebhookEndpoint, livemode: bool, document: dict[str, Any]
    ) -> None:
        self._db.execute(
            "INSERT INTO webhook_endpoints (id, tenant, account_id, livemode, status,"
            " enabled_events, url, secret, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                endpoint.id,
                tenant,
                endpoint.account_id,
                livemode,
                endpoint.status,
                json.dumps(endpoint.enabled_events),
                endpoint.url,
                endpoint.secret,
                json.dumps(document, separators=(",", ":")),
            ),
        )

    def endpoint_document(self, tenant: str, account_id: str | None, endpoint_id: str) -> str:
        """An endpoint of this scope (the platform's when ``account_id`` is None)."""
        row = self._db.execute(
            "SELECT document FROM webhook_endpoints WHERE id = ? AND tenant = ?"
            " AND account_id IS ?",
            (endpoint_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("webhook endpoint", endpoint_id)
        return str(row[0])

    def replace_endpoint(self, tenant: str, endpoint_id: str, document: dict[str, Any]) -> None:
        self._db.execute(
            "UPDATE webhook_endpoints SET status = ?, enabled_events = ?, url = ?, document = ?"
            " WHERE id = ? AND tenant = ?",
            (
                document["status"],
                json.dumps(document["enabled_events"]),
                document["url"],
                json.dumps(document, separators=(",", ":")),
                endpoint_id,
                tenant,
            ),
        )

    def delete_endpoint(self, tenant: str, account_id: str | None, endpoint_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM webhook_endpoints WHERE id = ? AND tenant = ? AND account_id IS ?",
            (endpoint_id, tenant, account_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("webhook endpoint", endpoint_id)

    def endpoint_page(
        self, tenant: str, account_id: str | None, status: str | None, page: PageQuery
    ) -> PageRows:
        where = "tenant = ? AND account_id IS ?"
        params: tuple[Any, ...] = (tenant, account_id)
        if status is not None:
            where += " AND status = ?"
            params += (status,)
        return keyset_page(self._db, _ENDPOINTS, where, params, page)

    def subscribers(
        self, tenant: str, account_id: str | None, livemode: bool
    ) -> list[WebhookEndpoint]:
        """Enabled endpoints of this mode that hear this account: the platform's and its own."""
        rows = self._db.execute(
            "SELECT id, account_id, status, enabled_events, url, secret FROM webhook_endpoints"
            " WHERE tenant = ? AND livemode = ? AND status = 'enabled'"
            " AND (account_id IS NULL OR account_id IS ?) ORDER BY id",
            (tenant, livemode, account_id),
        ).fetchall()
        return [
            WebhookEndpoint(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5])
            for row in rows
        ]

    # Events and deliveries

    def insert_event(
        self, tenant: str, event_id: str, account_id: str | None, event_type: str, body: str
    ) -> None:
        self._db.execute(
            "INSERT INTO events (id, tenant, account_id, type, body) VALUES (?, ?, ?, ?, ?)",
            (event_id, tenant, account_id, event_type, body),
        )

    def insert_delivery(
        self, tenant: str, delivery_id: str, event_id: str, endpoint_id: str, due: float
    ) -> None:
        self._db.execute(
            "INSERT INTO webhook_deliveries (id, tenant, event_id, endpoint_id, status,"
            " next_attempt_at) VALUES (?, ?, ?, ?, 'pending', ?)",
            (delivery_id, tenant, event_id, endpoint_id, due),
        )

    def events(
        self, tenant: str | None, event_type: str | None, after: str | None, limit: int
    ) -> tuple[list[str], bool]:
        """Up to ``limit`` event bodies, oldest first, after the event ``after`` when given;
        and whether more follow."""
        where, params = _tenant_filter(tenant)
        if event_type is not None:
            where += " AND type = ?"
            params += (event_type,)
        if after is not None:
            where += " AND id > ?"
            params += (after,)
        rows = self._db.execute(
            f"SELECT body FROM events WHERE {where} ORDER BY id LIMIT ?",  # noqa: S608
            (*params, limit + 1),
        ).fetchall()
        return [row[0] for row in rows[:limit]], len(rows) > limit

    def forget_old_events(self, tenant: str, kept: int) -> None:
        """Delete the tenant's events older than its newest ``kept``, with their deliveries,
        except an event with a delivery still pending (it is still to be made)."""
        row = self._db.execute(
            "SELECT id FROM events WHERE tenant = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
            (tenant, kept - 1),
        ).fetchone()
        if row is None:
            return
        self._db.execute(
            "DELETE FROM events WHERE tenant = ? AND id < ? AND NOT EXISTS (SELECT 1"
            " FROM webhook_deliveries d WHERE d.event_id = events.id AND d.status = 'pending')",
            (tenant, row[0]),
        )

    def due(
        self,
        tenant: str,
        now: float,
        limit: int,
        running: Sequence[str],
        full_endpoints: Sequence[str],
        *,
        per_endpoint: int,
    ) -> list[tuple[str, str]]:
        """A tenant's pending deliveries whose time has come, oldest first, as
        ``(id, endpoint_id)``: none ``running``, none to ``full_endpoints``, at most
        ``per_endpoint`` to any one endpoint (so a slow endpoint's backlog leaves room for
        the others')."""
        skip = ",".join("?" * len(running))
        full = ",".join("?" * len(full_endpoints))
        rows = self._db.execute(
            "SELECT id, endpoint_id FROM (SELECT id, endpoint_id, next_attempt_at,"  # noqa: S608
            " row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at, id) AS nth"
            f" {_PENDING} AND tenant = ? AND next_attempt_at <= ?"
            f" AND id NOT IN ({skip}) AND endpoint_id NOT IN ({full}))"
            " WHERE nth <= ? ORDER BY next_attempt_at, id LIMIT ?",
            (tenant, now, *running, *full_endpoints, per_endpoint, limit),
        ).fetchall()
        return [(row[0], row[1]) for row in rows]

    def next_due(self, tenant: str | None, running: Sequence[str]) -> dict[str, float]:
        """Each tenant's (or this one's) earliest pending delivery, except those ``running``:
        tenants keep time apart (a test may step its own clock)."""
        skip = ",".join("?" * len(running))
        where, params = _tenant_filter(tenant)
        rows = self._db.execute(
            f"SELECT tenant, min(next_attempt_at) {_PENDING} AND id NOT IN ({skip}) AND {where}"
            " GROUP BY tenant",
            (*running, *params),
        ).fetchall()
        return {row[0]: float(row[1]) for row in rows}

    def count_due(self, tenant: str | None, cutoff: float) -> int:
        where, params = _tenant_filter(tenant)
        row = self._db.execute(
            f"SELECT count(*) FROM webhook_deliveries WHERE {where}"  # noqa: S608
            " AND status = 'pending' AND next_attempt_at <= ?",
            (*params, cutoff),
        ).fetchone()
        return int(row[0])

    def make_due(self, tenant: str | None, when: float) -> None:
        """Bring every scheduled retry forward to ``when``."""
        where, params = _tenant_filter(tenant)
        with self._db.atomic():
            self._db.execute(
                f"UPDATE webhook_deliveries SET next_attempt_at = ? WHERE {where}"  # noqa: S608
                " AND status = 'pending' AND next_attempt_at > ?",
                (when, *params, when),
            )

    def outgoing(self, delivery_id: str) -> OutgoingDelivery | None:
        """What to send for a pending delivery (None once it is no longer pending)."""
        row = self._db.execute(
            "SELECT d.tenant, d.attempts, e.body, w.url, w.secret, w.status"
            " FROM webhook_deliveries d"
            " JOIN events e ON e.id = d.event_id"
            " LEFT JOIN webhook_endpoints w ON w.id = d.endpoint_id"
            " WHERE d.id = ? AND d.status = 'pending'",
            (delivery_id,),
        ).fetchone()
        if row is None:
            return None
        tenant, attempts, body, url, secret, status = row
        usable = url is not None and status == "enabled"
        return OutgoingDelivery(
            delivery_id, tenant, attempts, url if usable else None, secret or "", body
        )

    def record_attempt(
        self, delivery_id: str, attempt: DeliveryAttempt, status: str, next_attempt_at: float | None
    ) -> None:
        with self._db.atomic():
            self._db.execute(
                "INSERT OR REPLACE INTO webhook_attempts (delivery_id, number, started_at,"
                " duration, status_code, error) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    delivery_id,
                    attempt.number,
                    attempt.started_at,
                    attempt.duration,
                    attempt.status_code,
                    attempt.error,
                ),
            )
            self._db.execute(
                "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?"
                " WHERE id = ?",
                (status, attempt.number, next_attempt_at, delivery_id),
            )

    def cancel(self, delivery_id: str) -> None:
        with self._db.atomic():
            self._db.execute(
                "UPDATE webhook_deliveries SET status = 'canceled', next_attempt_at = NULL"
                " WHERE id = ?",
                (delivery_id,),
            )

    def replay(self, tenant: str | None, delivery_id: str, when: float) -> None:
        where, params = _tenant_filter(tenant)
        with self._db.atomic():
            cursor = self._db.execute(
                f"UPDATE webhook_deliveries SET {_DUE_AGAIN} WHERE {where}"  # noqa: S608
                " AND id = ?",
                (when, *params, delivery_id),
            )
        if cursor.rowcount == 0:
            raise ResourceMissing("webhook delivery", delivery_id)

    def deliveries(
        self, tenant: str | None, filters: dict[str, str], delivery_id: str | None = None
    ) -> list[Delivery]:
        """Deliveries with their attempts, oldest first; ``filters`` on event, endpoint,
        status."""
        where, params = _tenant_filter(tenant, "d.tenant")
        for name, column in (("event", "d.event_id"), ("endpoint", "d.endpoint_id")):
            if name in filters:
                where += f" AND {column} = ?"
                params += (filters[name],)
        if "status" in filters:
            where += " AND d.status = ?"
            params += (filters["status"],)
        if delivery_id is not None:
            where += " AND d.id = ?"
            params += (delivery_id,)
        rows = self._db.execute(
            f"SELECT d.id, d.event_id, e.type, d.endpoint_id, d.status, d.next_attempt_at {_JOINED}"
            f" WHERE {where} ORDER BY d.id",
            params,
        ).fetchall()
        attempts: dict[str, list[DeliveryAttempt]] = {row[0]: [] for row in rows}
        if attempts:
            marks = ",".join("?" * len(attempts))
            for found in self._db.execute(
                f"SELECT * FROM webhook_attempts WHERE delivery_id IN ({marks})"  # noqa: S608
                " ORDER BY delivery_id, number",
                tuple(attempts),
            ):
                attempts[found[0]].append(DeliveryAttempt(*found[1:]))
        return [
            Delivery(row[0], row[1], row[2], row[3], row[4], row[5], attempts[row[0]])
            for row in rows
        ]

    def counts(self, tenant: str | None) -> dict[str, int]:
        where, params = _tenant_filter(tenant)
        rows = self._db.execute(
            f"SELECT status, count(*) FROM webhook_deliveries WHERE {where}"  # noqa: S608
            " GROUP BY status",
            params,
        ).fetchall()
        found = {PENDING: 0, DELIVERED: 0, FAILED: 0, CANCELED: 0}
        found.update({row[0]: row[1] for row in rows})
        return found


def _tenant_filter(tenant: str | None, column: str = "tenant") -> tuple[str, tuple[Any, ...]]:
    if tenant is None:
        return "1 = 1", ()
    return f"{column} = ?", (tenant,)
