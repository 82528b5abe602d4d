"""Dial plans as routing targets: a call routed to a plan walks its graph on the tenant's
clock (``RoutedCall.at``) to the target it hands the call to."""

import json

from ...core.errors import ResourceMissing
from ...core.ports import Hop, RoutedCall
from ...core.runtime import Runtime
from . import graph, schedules
from .tables import DialPlanTables

RING_ALL_USERS_LIMIT = 100
"""The most users a ``ring_all_users`` node rings: a simulated call stays small."""


class DialPlanTargets:
    def __init__(self, tables: DialPlanTables, runtime: Runtime) -> None:
        self._tables = tables
        self._runtime = runtime  # its users directory is connected after this service

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        try:
            self._tables.dial_plan(tenant, account_id, target_id)
        except ResourceMissing:
            return False
        return True

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        plan = json.loads(self._tables.dial_plan(tenant, account_id, target_id))
        return graph.walk(
            plan["entry_node"],
            plan["nodes"],
            lambda schedule_id: schedules.state_at(
                json.loads(schedules.document(self._tables, tenant, account_id, schedule_id)),
                call.at,
            ),
            lambda: self._runtime.users.ids(tenant, account_id, RING_ALL_USERS_LIMIT),
        )

    def routing_to(self, tenant: str, account_id: str, target_id: str) -> str | None:
        """The router's referrers: a plan that hands calls to the target."""
        return self._tables.plan_routing_to(tenant, account_id, target_id)
