"""Ring groups: extensions and outside numbers rung together, members as a bare array."""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import SemanticallyInvalid, ValidationFailed
from ...core.pages import ListRequest, list_reply
from ...core.timestamps import now
from ...core.updates import apply_update
from .extensions import expanded
from .tables import RingGroupMember, RoutingTables
from .timeouts import check_ring_group_timeout

DEFAULT_TIMEOUT_SECONDS = 30


def _member_json(ring_group_id: str, member: RingGroupMember) -> dict[str, Any]:
    return {
        "id": member.id,
        "object": "ring_group_member",
        "ring_group_id": ring_group_id,
        "extension": member.extension,
        "phone_number": member.phone_number,
        "created_at": member.created_at,
    }


def _shown(call: ApiRequest, account_id: str, document: str) -> str:
    group = json.loads(document)
    members = call.runtime.state(RoutingTables).ring_group_members(group["id"])
    group["members"] = [_member_json(group["id"], member) for member in members]
    return to_json(expanded(call, account_id, group))


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    body = call.body
    action, target = body.get("timeout_action"), body.get("timeout_target")
    check_ring_group_timeout(call, account_id, action, target)
    timestamp = now()
    group_id = call.runtime.ids.new("rg")
    document = to_json(
        {
            "id": group_id,
            "object": "ring_group",
            "name": body["name"],
            "timeout_seconds": body.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS),
            "ignore_forwarding": body.get("ignore_forwarding", False),
            "confirm_external": body.get("confirm_external", False),
            "timeout_action": action,
            "timeout_target": target,
            "created_at": timestamp,
            "updated_at": timestamp,
        }
    )
    tables = call.runtime.state(RoutingTables)
    tables.ring_groups.insert(call.tenant, account_id, group_id, target, document)
    return 201, _shown(call, account_id, document)


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    group_id = call.path_params["ring_group_id"]
    document = call.runtime.state(RoutingTables).ring_groups.document(
        call.tenant, account_id, group_id
    )
    return 200, _shown(call, account_id, document)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    group_id = call.path_params["ring_group_id"]
    groups = call.runtime.state(RoutingTables).ring_groups
    group, document = apply_update(groups.document(call.tenant, account_id, group_id), call.body)
    if "timeout_action" in call.body or "timeout_target" in call.body:
        check_ring_group_timeout(call, account_id, group["timeout_action"], group["timeout_target"])
    groups.replace(call.tenant, group_id, group["timeout_target"], document)
    return 200, _shown(call, account_id, document)


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    group_id = call.path_params["ring_group_id"]
    groups = call.runtime.state(RoutingTables).ring_groups
    groups.document(call.tenant, account_id, group_id)
    call.runtime.router.ensure_unreferenced(call.tenant, account_id, group_id)
    groups.delete(call.tenant, group_id)
    return 204, None


def list_ring_groups(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/ring_groups", f"{call.tenant}|ring_groups|{account_id}", "rg", {})
    groups = call.runtime.state(RoutingTables).ring_groups
    return list_reply(
        call,
        request,
        lambda page: groups.page(call.tenant, account_id, page),
        lambda row: _shown(call, account_id, row.document),
    )


def add_member(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    group_id = call.path_params["ring_group_id"]
    tables = call.runtime.state(RoutingTables)
    tables.ring_groups.document(call.tenant, account_id, group_id)
    extension: str | None = call.body.get("extension")
    phone_number: str | None = call.body.get("phone_number")
    if (extension is None) == (phone_number is None):
        raise SemanticallyInvalid("extension", "Send exactly one of extension and phone_number")
    if extension is not None:
        routes_to = tables.extension_target(call.tenant, account_id, extension)
        if routes_to is None:
            raise ValidationFailed("extension", f"No such extension in this account: {extension}")
        if routes_to == group_id:
            raise SemanticallyInvalid(
                "extension",
                f"Extension {extension} routes to this ring group, which would ring itself",
            )
    member = RingGroupMember(call.runtime.ids.new("rgm"), extension, phone_number, now())
    tables.insert_ring_group_member(call.tenant, account_id, group_id, member)
    return 201, to_json(_member_json(group_id, member))


def remove_member(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    group_id = call.path_params["ring_group_id"]
    tables = call.runtime.state(RoutingTables)
    tables.ring_groups.document(call.tenant, account_id, group_id)
    tables.delete_ring_group_member(group_id, call.path_params["ring_group_member_id"])
    return 204, None


OPERATIONS = {
    "ring_groups.create": create,
    "ring_groups.retrieve": retrieve,
    "ring_groups.update": update,
    "ring_groups.delete": delete,
    "ring_groups.list": list_ring_groups,
    "ring_groups.add_member": add_member,
    "ring_groups.remove_member": remove_member,
}
