"""The routing service's own tables, in a runtime: the extensions' target filter reads its
index, and a call reaching an extension, a ring group or a queue rings whom they say."""

import pytest

from dialstack.emulator.core.pages import PageQuery
from dialstack.emulator.core.ports import Hop, RoutedCall
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services.routing.tables import RingGroupMember, RoutingTables

from ..query_plans import query_plans

_TENANT = "tenant"
_CALL = RoutedCall("call_01", "+15550100", "1000", 0.0)


@pytest.mark.parametrize("after", [None, "1001"])
def test_the_extensions_target_filter_reads_its_own_index(
    runtime: Runtime, after: str | None
) -> None:
    tables = RoutingTables(runtime.db)

    plans = query_plans(
        runtime,
        lambda: tables.extension_page(_TENANT, "acct_01", "rg_01", PageQuery(10, after=after)),
    )

    reads = [step for plan in plans for step in plan if "extensions" in step]
    assert reads and all("INDEX extensions_by_target " in step for step in reads), plans


@pytest.fixture
def account(runtime: Runtime) -> str:
    """An account and two users, written as their services store them."""
    runtime.db.execute(
        "INSERT INTO accounts (id, tenant, document) VALUES ('acct_01', ?, '{}')", (_TENANT,)
    )
    for user in ("user_a", "user_b"):
        runtime.db.execute(
            "INSERT INTO users (id, tenant, account_id, document) VALUES (?, ?, 'acct_01', '{}')",
            (user, _TENANT),
        )
    return "acct_01"


def test_an_extension_to_a_ring_group_rings_its_members_users_in_order(
    runtime: Runtime, account: str
) -> None:
    tables = runtime.state(RoutingTables)
    for number, user in (("1001", "user_b"), ("1002", "user_a")):
        tables.insert_extension(_TENANT, account, number, user, "{}")
    tables.ring_groups.insert(_TENANT, account, "rg_01", None, '{"id": "rg_01"}')
    tables.insert_extension(_TENANT, account, "1000", "rg_01", "{}")
    for member_id, extension in (("rgm_1", "1001"), ("rgm_2", "1002")):
        member = RingGroupMember(member_id, extension, None, "2026-01-01T00:00:00Z")
        tables.insert_ring_group_member(_TENANT, account, "rg_01", member)

    hop = runtime.router.follow(_TENANT, account, "1000", _CALL)

    assert hop == Hop(rings=("user_b", "user_a"))


def test_an_empty_ring_group_sends_the_call_to_its_timeout_queue(
    runtime: Runtime, account: str
) -> None:
    tables = runtime.state(RoutingTables)
    tables.queues.insert(_TENANT, account, "qu_01", None, '{"id": "qu_01"}')
    for user, position in (("user_a", 2), ("user_b", 1)):
        tables.insert_queue_member(
            _TENANT,
            "qu_01",
            f"qm_{user}",
            user_id=user,
            position=position,
            document='{"penalty": 0}',
        )
    group = '{"id": "rg_01", "timeout_action": "queue", "timeout_target": "qu_01"}'
    tables.ring_groups.insert(_TENANT, account, "rg_01", "qu_01", group)

    hop = runtime.router.follow(_TENANT, account, "rg_01", _CALL)

    assert hop == Hop(rings=("user_b", "user_a"))


def test_a_queue_with_nobody_to_ring_takes_a_message_when_it_times_out_to_voicemail(
    runtime: Runtime, account: str
) -> None:
    tables = runtime.state(RoutingTables)
    queue = '{"id": "qu_01", "timeout": {"type": "voicemail", "voicemail": "user_a"}}'
    tables.queues.insert(_TENANT, account, "qu_01", "user_a", queue)

    hop = runtime.router.follow(_TENANT, account, "qu_01", _CALL)

    assert hop == Hop(answered_by="user_a")
