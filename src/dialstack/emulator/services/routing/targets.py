"""Extensions, ring groups and queues as routing targets.

An extension passes the call on to its target. A ring group rings the users its member
extensions route to, a queue its member users (lowest penalty, then position, first); with
nobody to ring, each sends the call where its timeout says. Outside numbers and extensions
routing elsewhere than to a user ring no user in the simulation.
"""

import json

from ...core.ports import Hop, RoutedCall
from .tables import RoutingTables

_USER_PREFIX = "user"


def _is_user(target_id: str) -> bool:
    return target_id.rpartition("_")[0] == _USER_PREFIX


class ExtensionTargets:
    def __init__(self, tables: RoutingTables) -> None:
        self._tables = tables

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        return self._tables.extension_target(tenant, account_id, target_id) is not None

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        del call
        return Hop(next=self._tables.extension_target(tenant, account_id, target_id))


class RingGroupTargets:
    def __init__(self, tables: RoutingTables) -> None:
        self._tables = tables

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        return self._tables.ring_groups.exists(tenant, account_id, target_id)

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        del call
        rings: list[str] = []
        for member in self._tables.ring_group_members(target_id):
            if member.extension is None:
                continue
            routes_to = self._tables.extension_target(tenant, account_id, member.extension)
            if routes_to is not None and _is_user(routes_to) and routes_to not in rings:
                rings.append(routes_to)
        if rings:
            return Hop(rings=tuple(rings))
        group = json.loads(self._tables.ring_groups.document(tenant, account_id, target_id))
        return _timeout_hop(group["timeout_action"], group["timeout_target"])


class QueueTargets:
    def __init__(self, tables: RoutingTables) -> None:
        self._tables = tables

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        return self._tables.queues.exists(tenant, account_id, target_id)

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        del call
        users = self._tables.queue_member_users(target_id)
        if users:
            return Hop(rings=tuple(users))
        queue = json.loads(self._tables.queues.document(tenant, account_id, target_id))
        timeout = queue["timeout"]
        if timeout is None:
            return Hop()
        if timeout["type"] == "ring_user":
            return _timeout_hop("ring_user", timeout["user"])
        return _timeout_hop("voicemail", timeout["voicemail"])


def _timeout_hop(action: str | None, target: str | None) -> Hop:
    """A mailbox takes the call itself; a user or a queue is followed on."""
    if action is None or target is None:
        return Hop()
    if action == "voicemail":
        return Hop(answered_by=target)
    return Hop(next=target)
