"""Finding what is due costs what is pending, never the history: every query the delivery
worker makes to find due deliveries is served by the partial index of pending ones (checked
with ``EXPLAIN QUERY PLAN`` on the statements it really runs), with thousands delivered."""

from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services.webhooks.events import Webhooks
from dialstack.emulator.services.webhooks.tables import DELIVERED, DeliveryAttempt, WebhookTables

_NOW = 1_800_000_000.0
_INDEX = "webhook_deliveries_pending"


def _history(tables: WebhookTables, tenant: str, delivered: int, pending: int) -> None:
    for number in range(delivered + pending):
        event_id = f"evt_{tenant}_{number:06}"
        delivery_id = f"whdel_{tenant}_{number:06}"
        tables.insert_event(tenant, event_id, None, "call.end", "{}")
        tables.insert_delivery(tenant, delivery_id, event_id, f"we_{tenant}", _NOW - 10)
        if number < delivered:
            attempt = DeliveryAttempt(1, _NOW - 10, 0.001, 200, None)
            tables.record_attempt(delivery_id, attempt, DELIVERED, None)


def test_the_due_queries_use_the_pending_index(runtime: Runtime) -> None:
    tables = runtime.state(Webhooks).tables
    with runtime.db.transaction():
        _history(tables, "noisy", delivered=3_000, pending=0)
        _history(tables, "quiet", delivered=10, pending=3)
    runtime.db.execute("ANALYZE")
    statements: list[str] = []
    runtime.db.connection.set_trace_callback(statements.append)

    due = tables.due("quiet", _NOW, 8, ["whdel_quiet_000010"], ["we_other"], per_endpoint=4)
    earliest = tables.next_due(None, [])
    count = tables.count_due("quiet", _NOW)
    everyone = tables.count_due(None, _NOW)
    runtime.db.connection.set_trace_callback(None)

    assert [delivery_id for delivery_id, _ in due] == ["whdel_quiet_000011", "whdel_quiet_000012"]
    assert earliest == {"quiet": _NOW - 10}
    assert (count, everyone) == (3, 3)
    assert len(statements) == 4
    for statement in statements:
        plan = [row[3] for row in runtime.db.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()]
        reads = [step for step in plan if "webhook_deliveries" in step]
        assert reads, plan
        assert all(_INDEX in step for step in reads), (statement, plan)
