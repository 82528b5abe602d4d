"""Following a simulated call from target to target (a number's routing, a dial plan's
branches, an extension) until it rings users or a target answers it.

Each kind of target belongs to the service that owns it and is registered here under the
prefix of its ids; no service needs to know the others' kinds.
"""

from .errors import ValidationFailed
from .ports import Hop, RoutedCall, RoutingTargets

MAX_HOPS = 16
"""A dial plan may lead to an extension that leads to another dial plan: past this many hops
the route is a loop."""


class Router:
    def __init__(self) -> None:
        self._kinds: dict[str, RoutingTargets] = {}

    def register(self, prefix: str, targets: RoutingTargets) -> None:
        self._kinds[prefix] = targets

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
