"""Following a simulated call from target to target (a number's routing, a dial plan's
branches, an extension) until it rings users or a target answers it.

Each kind of target belongs to the service that owns it and is registered here under the
prefix of its ids; no service needs to know the others' kinds.
"""

from collections.abc import Callable

from .errors import Conflict, ValidationFailed
from .ports import Hop, RoutedCall, RoutingTargets

Referrers = Callable[[str, str, str], str | None]
"""``(tenant, account_id, target_id)``: the id of something that routes calls to the target
(an extension's number, a dial plan, a phone number), None when nothing does."""

MAX_HOPS = 16
"""A dial plan may lead to an extension that leads to another dial plan: past this many hops
the route is a loop."""


class Router:
    def __init__(self) -> None:
        self._kinds: dict[str, RoutingTargets] = {}
        self._referrers: list[Referrers] = []

    def register(self, prefix: str, targets: RoutingTargets) -> None:
        self._kinds[prefix] = targets

    def register_referrers(self, referrers: Referrers) -> None:
        """A service whose things point at targets (extensions, dial plans, numbers)."""
        self._referrers.append(referrers)

    def ensure_unreferenced(self, tenant: str, account_id: str, target_id: str) -> None:
        """Called before a target is deleted: a call routed through it would go nowhere.

        Raises:
            Conflict: ``target_in_use``, naming what still points at the target.
        """
        for referrers in self._referrers:
            referrer = referrers(tenant, account_id, target_id)
            if referrer is not None:
                raise Conflict(
                    "target_in_use",
                    f"{target_id} cannot be deleted: {referrer} routes calls to it",
                    {"id": target_id, "referenced_by": referrer},
                )

    def kind(self, target_id: str) -> RoutingTargets | None:
        """The owner of a target id: its prefix (before the last ``_``) names it; a number
        with no prefix is an extension."""
        prefix = "extension" if target_id.isdigit() else target_id.rpartition("_")[0]
        return self._kinds.get(prefix)

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        kind = self.kind(target_id)
        return kind is not None and kind.exists(tenant, account_id, target_id)

    def follow(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        """The last hop of the route: users to ring, or the target that answered.

        Raises:
            ValidationFailed: a target that does not exist, or a route that loops.
        """
        for _ in range(MAX_HOPS):
            kind = self.kind(target_id)
            if kind is None or not kind.exists(tenant, account_id, target_id):
                raise ValidationFailed(
                    "target", f"the call is routed to {target_id!r}, which does not exist"
                )
            hop = kind.route(tenant, account_id, target_id, call)
            if hop.next is None:
                return hop
            target_id = hop.next
        raise ValidationFailed("target", f"the route from {target_id!r} loops")
