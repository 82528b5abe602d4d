"""The device list's filters are served by their own indexes, in the list's order (as
``tests/emulator/services/test_list_indexes.py`` checks for the other services' lists)."""

import pytest

from dialstack.emulator.core.pages import PageQuery
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services.devices.tables import DeviceTables

_TENANT, _ACCOUNT = "tenant", "acct_01"


@pytest.mark.parametrize(
    ("device_type", "location", "index"),
    [
        (None, None, "devices_by_account"),
        ("dect_base", None, "devices_by_type"),
        (None, "loc_hq", "devices_by_location"),
    ],
    ids=["account", "type", "location"],
)
@pytest.mark.parametrize("after", [None, "01m8vm65cse42bcp54j04tzyt7"], ids=["first", "next"])
def test_each_device_filter_reads_its_own_index(
    runtime: Runtime, device_type: str | None, location: str | None, index: str, after: str | None
) -> None:
    tables = DeviceTables(runtime.db)
    statements: list[str] = []
    runtime.db.connection.set_trace_callback(statements.append)
    try:
        tables.device_page(_TENANT, _ACCOUNT, device_type, location, PageQuery(10, after=after))
    finally:
        runtime.db.connection.set_trace_callback(None)

    (page,) = statements[:1]
    plan = [row[3] for row in runtime.db.execute(f"EXPLAIN QUERY PLAN {page}").fetchall()]
    assert any(f"INDEX {index} " in step for step in plan), plan
    assert not any(step.startswith("SCAN") or "TEMP B-TREE" in step for step in plan), plan
