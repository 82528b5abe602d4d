"""The event log and its fan-out: ``Webhooks.record_event`` is the core's event sink.

Every event (a simulated call's, a canned one from ``POST /v1/test_helpers/events``) goes
through it into the log and, in the same transaction, into one pending delivery per
matching endpoint: same mode, enabled, the platform's endpoints plus the account's own,
``enabled_events`` naming the type or ``*``. ``DeliveryWorker`` then makes the deliveries.
"""

import json
from collections.abc import Set
from typing import Any

from ...core.db import Database
from ...core.ids import IdFactory
from ...core.timestamps import iso
from .delivery import DeliveryWorker, Now
from .tables import WebhookTables

EVENTS_KEPT = 10_000
"""Events kept per tenant: older ones are forgotten with their deliveries (not one with a
delivery still pending), so the log, and a suite that never resets, stays bounded."""
_FORGET_EVERY = 100
"""Events recorded between two looks at the retention: the look reads ``EVENTS_KEPT`` index
entries, so it is made once per this many events, not per event."""


class Webhooks:
    """One emulator's webhooks: its event sink and its delivery worker."""

    def __init__(
        self, db: Database, ids: IdFactory, now: Now, own_ports: Set[int] = frozenset()
    ) -> None:
        self._db = db
        self.tables = tables = WebhookTables(db)
        self._ids = ids
        self.delivery = DeliveryWorker(tables, now, own_ports=own_ports)
        self._recorded: dict[str, int] = {}
        """Events recorded per tenant since this process last applied the retention."""

    def record_event(
        self, tenant: str, account_id: str | None, event_type: str, data_object: dict[str, Any]
    ) -> str:
        """Log an event and queue its deliveries; returns the event id.

        Inside a handler's transaction this commits with the handler's writes; outside one
        it is a transaction of its own. Call it on the server's event loop.
        """
        tables = self.tables
        now = self.delivery.now(tenant)
        event_id = self._ids.new("evt")
        data = with_flat_call_keys(event_type, data_object)
        body = envelope(event_id, event_type, account_id, iso(int(now * 1e9)), data)
        with self._db.atomic():
            tables.insert_event(tenant, event_id, account_id, event_type, body)
            for endpoint in tables.subscribers(tenant, account_id, livemode=False):
                if endpoint.wants(event_type):
                    delivery_id = self._ids.new("whdel")
                    tables.insert_delivery(tenant, delivery_id, event_id, endpoint.id, now)
            recorded = self._recorded.get(tenant, 0) + 1
            if recorded >= _FORGET_EVERY:
                tables.forget_old_events(tenant, EVENTS_KEPT)
                recorded = 0
            self._recorded[tenant] = recorded
        self.delivery.wake()
        return event_id


def envelope(
    event_id: str, event_type: str, account_id: str | None, created_at: str, data: Any
) -> str:
    """The JSON text delivered, byte for byte the same on every attempt."""
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "account_id": account_id,
            "livemode": False,
            "created_at": created_at,
            "data": data,
        },
        separators=(",", ":"),
    )


def with_flat_call_keys(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """A call event's payload with ``call_id`` beside the call log's ``id``, for handlers
    written against the Node SDK's flat ``WebhookEvent``."""
    if event_type.startswith("call.") and "call_id" not in data and "id" in data:
        return {"call_id": data["id"], **data}
    return data
