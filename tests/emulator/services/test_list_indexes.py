"""Every list filter the description admits is served by an index of that column, in the
list's order: ``EXPLAIN QUERY PLAN`` of the statement each filtered page really runs (the
page, and the look past its edges) names the filter's index, never the account's alone."""

import pytest

from dialstack.emulator.core.pages import PageQuery
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services.calls.tables import CallFilters, CallTables
from dialstack.emulator.services.webhooks.tables import WebhookTables

from .query_plans import query_plans

_TENANT, _ACCOUNT = "tenant", "acct_01"


@pytest.mark.parametrize(
    ("filters", "indexes"),
    [
        (CallFilters(user="us_01"), {"call_logs_by_user"}),
        (CallFilters(did="did_01"), {"call_logs_by_did"}),
        (CallFilters(direction="inbound"), {"call_logs_by_direction"}),
        (CallFilters(from_number="+15550100"), {"call_logs_by_from_number"}),
        (CallFilters(status="answered"), {"call_logs_by_status"}),
        (CallFilters(to_number="+15550101"), {"call_logs_by_dialled_number"}),
    ],
    ids=["user", "did", "direction", "from_number", "status", "to_number"],
)
def test_each_call_filter_reads_its_own_index(
    runtime: Runtime, filters: CallFilters, indexes: set[str]
) -> None:
    tables = CallTables(runtime.db)
    for after in (None, "1700000000000000:cl_01"):
        page = PageQuery(10, after=after)

        def read_page(page: PageQuery = page) -> object:
            return tables.call_page(_TENANT, _ACCOUNT, filters, page)

        (page_plan, *_) = query_plans(runtime, read_page)
        used = {index for step in page_plan for index in indexes if f"INDEX {index} " in step}
        assert used == indexes, page_plan
        assert not any(
            "call_logs_by_account" in step or step.startswith("SCAN") for step in page_plan
        ), page_plan


@pytest.mark.parametrize(
    ("owner", "is_read", "index"),
    [("us_01", None, "voicemails_by_owner"), (None, False, "voicemails_by_is_read")],
)
def test_each_voicemail_filter_reads_its_own_index(
    runtime: Runtime, owner: str | None, is_read: bool | None, index: str
) -> None:
    tables = CallTables(runtime.db)

    (page_plan,) = query_plans(
        runtime,
        lambda: tables.voicemail_page(
            _TENANT, _ACCOUNT, PageQuery(10), owner=owner, is_read=is_read, from_us=None
        ),
    )

    reads = [step for step in page_plan if "voicemails" in step]
    assert reads and all(f"INDEX {index} " in step for step in reads), page_plan


def test_the_phone_numbers_status_filter_reads_its_own_index(runtime: Runtime) -> None:
    tables = CallTables(runtime.db)

    plans = query_plans(
        runtime, lambda: tables.phone_number_page(_TENANT, _ACCOUNT, "active", PageQuery(10))
    )

    reads = [step for plan in plans for step in plan if "phone_numbers" in step]
    assert reads and all("INDEX phone_numbers_by_status " in step for step in reads), plans


@pytest.mark.parametrize("account_id", [None, _ACCOUNT], ids=["platform", "account"])
def test_the_webhook_endpoints_status_filter_reads_its_own_index(
    runtime: Runtime, account_id: str | None
) -> None:
    tables = WebhookTables(runtime.db)

    plans = query_plans(
        runtime, lambda: tables.endpoint_page(_TENANT, account_id, "enabled", PageQuery(10))
    )

    reads = [step for plan in plans for step in plan if "webhook_endpoints" in step]
    assert reads and all("INDEX webhook_endpoints_by_status " in step for step in reads), plans
