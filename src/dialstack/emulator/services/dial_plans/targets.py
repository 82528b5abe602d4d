"""Dial plans as routing targets: a call routed to a plan walks its graph on the tenant's
clock (``RoutedCall.at``) to the target it hands the call to."""

import json

from ...core.errors import ResourceMissing
from ...core.ports import Hop, RoutedCall
from . import graph, schedules
from .tables import DialPlanTables


class DialPlanTargets:
    def __init__(self, tables: DialPlanTables) -> None:
        self._tables = tables

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
        )

    def routing_to(self, tenant: str, account_id: str, target_id: str) -> str | None:
        """The router's referrers: a plan that hands calls to the target."""
        return self._tables.plan_routing_to(tenant, account_id, target_id)
