"""Following a call from target to target: each kind answers for its own ids."""

import pytest

from dialstack.emulator.core.errors import Conflict, ValidationFailed
from dialstack.emulator.core.ports import Hop, RoutedCall
from dialstack.emulator.core.routing import MAX_HOPS, Router

CALL = RoutedCall(call_id="call_1", from_number="+14155550123", to_number="+14155550100", at=0)


class Table:
    """A kind of target whose ids route as the mapping says."""

    def __init__(self, hops: dict[str, Hop]) -> None:
        self.hops = hops
        self.seen: list[str] = []

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        return target_id in self.hops

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        self.seen.append(target_id)
        return self.hops[target_id]


def test_a_route_is_followed_across_kinds_until_users_ring() -> None:
    router = Router()
    plans = Table({"dp_1": Hop(next="201")})
    extensions = Table({"201": Hop(next="user_7")})
    users = Table({"user_7": Hop(rings=("user_7",))})
    router.register("dp", plans)
    router.register("extension", extensions)
    router.register("user", users)

    assert router.follow("t", "acct_1", "dp_1", CALL) == Hop(rings=("user_7",))
    assert (plans.seen, extensions.seen, users.seen) == (["dp_1"], ["201"], ["user_7"])


def test_the_owner_is_found_by_the_prefix_before_the_last_underscore() -> None:
    router = Router()
    admins = Table({"admin_user_1": Hop(rings=("user_1",))})
    router.register("admin_user", admins)

    assert router.exists("t", "acct_1", "admin_user_1")
    assert not router.exists("t", "acct_1", "admin_user_2")
    assert not router.exists("t", "acct_1", "va_1")  # no kind registered for it


def test_a_missing_target_names_itself() -> None:
    router = Router()
    router.register("dp", Table({"dp_1": Hop(next="rg_9")}))

    with pytest.raises(ValidationFailed, match="'rg_9'"):
        router.follow("t", "acct_1", "dp_1", CALL)


def test_a_route_that_loops_is_refused_after_a_bounded_number_of_hops() -> None:
    router = Router()
    plans = Table({"dp_1": Hop(next="dp_2"), "dp_2": Hop(next="dp_1")})
    router.register("dp", plans)

    with pytest.raises(ValidationFailed, match="loops"):
        router.follow("t", "acct_1", "dp_1", CALL)
    assert len(plans.seen) == MAX_HOPS


def test_a_target_something_routes_to_cannot_be_deleted_and_the_refusal_names_the_referrer() -> (
    None
):
    router = Router()
    router.register_referrers(
        lambda tenant, account, target: "extension 201" if target == "rg_1" else None
    )

    with pytest.raises(Conflict) as refused:
        router.ensure_unreferenced("t", "acct_1", "rg_1")
    assert refused.value.code == "target_in_use"
    assert refused.value.details == {"id": "rg_1", "referenced_by": "extension 201"}
    router.ensure_unreferenced("t", "acct_1", "rg_2")  # nothing points at it
