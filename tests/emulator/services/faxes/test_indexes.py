"""Every fax list filter, and the orders' ``location`` filter, is served by its own index:
``EXPLAIN QUERY PLAN`` of the statements a filtered list really runs names it, and no step
scans a table."""

import pytest

from dialstack.emulator.core.pages import PageQuery
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services.faxes.tables import FaxFilters, FaxTables
from dialstack.emulator.services.hardware_orders.tables import OrderTables

from ..query_plans import query_plans

_TENANT, _ACCOUNT = "tenant", "acct_01"


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        (FaxFilters(direction="inbound"), "faxes_by_direction"),
        (FaxFilters(status="pending"), "faxes_by_status"),
        (FaxFilters(did="did_01"), "faxes_by_did"),
        (FaxFilters(is_read=False), "faxes_by_is_read"),
        (
            FaxFilters(number="415"),
            "fax_number_parts USING PRIMARY KEY (tenant=? AND account_id=? AND part=?)",
        ),
    ],
    ids=["direction", "status", "did", "is_read", "number"],
)
def test_each_fax_filter_reads_its_own_index(
    runtime: Runtime, filters: FaxFilters, index: str
) -> None:
    tables = FaxTables(runtime.db)

    (page_plan,) = query_plans(
        runtime, lambda: tables.page(_TENANT, _ACCOUNT, filters, PageQuery(10))
    )

    assert any(index in step for step in page_plan), page_plan
    assert not any(step.startswith("SCAN") for step in page_plan), page_plan


def test_the_location_filter_reads_the_units_index(runtime: Runtime) -> None:
    tables = OrderTables(runtime.db)

    (plan,) = query_plans(runtime, lambda: tables.newest(_TENANT, _ACCOUNT, "loc_1"))

    assert any("hardware_order_units_by_location" in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan
