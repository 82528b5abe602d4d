"""Every numbering list filter, the claims and the orders coming due are served by an index:
``EXPLAIN QUERY PLAN`` of the statements they really run names it, and no step scans a
table."""

import pytest

from dialstack.emulator.core.pages import PageQuery
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services.numbering.tables import NumberingTables

from ..query_plans import query_plans

_TENANT, _ACCOUNT = "tenant", "acct_01"


@pytest.mark.parametrize(
    ("table", "filters", "index"),
    [
        ("phone_number_orders", {}, "phone_number_orders_by_account"),
        ("phone_number_orders", {"status": "pending"}, "phone_number_orders_by_status"),
        ("phone_number_orders", {"order_type": "purchase"}, "phone_number_orders_by_type"),
        ("port_orders", {}, "port_orders_by_account"),
        ("port_orders", {"status": "draft"}, "port_orders_by_status"),
    ],
    ids=["orders", "orders-status", "orders-order_type", "ports", "ports-status"],
)
def test_each_list_filter_reads_its_own_index(
    runtime: Runtime, table: str, filters: dict[str, str], index: str
) -> None:
    tables = NumberingTables(runtime.db)

    for after in (None, "ord_01h0000000000000000000000"):
        page = PageQuery(10, after=after)

        def read_page(page: PageQuery = page) -> object:
            return tables.page(table, _TENANT, _ACCOUNT, filters, page)

        (page_plan, *_) = query_plans(runtime, read_page)
        assert any(f"INDEX {index} " in step for step in page_plan), page_plan
        assert not any(step.startswith("SCAN") for step in page_plan), page_plan


@pytest.mark.parametrize("table", ["phone_number_orders", "port_orders"])
def test_the_orders_coming_due_are_found_by_index(runtime: Runtime, table: str) -> None:
    tables = NumberingTables(runtime.db)

    (plan,) = query_plans(runtime, lambda: tables.due(table, _TENANT, 1e9))

    assert any(f"INDEX {table}_due " in step for step in plan), plan


def test_a_claim_is_looked_up_by_its_key(runtime: Runtime) -> None:
    tables = NumberingTables(runtime.db)

    (plan,) = query_plans(runtime, lambda: tables.claims(_TENANT, ["+14155550123"]))

    assert all("PRIMARY KEY" in step or "sqlite_autoindex" in step for step in plan), plan
