"""Devices: the fourteen operations, inside the account the ``DialStack-Account`` header names."""

import hashlib
import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, ResourceMissing, SemanticallyInvalid
from ...core.pages import ListRequest, list_filters, list_reply
from . import buttons
from .registry import (
    assignment_json,
    checked_settings,
    device_model,
    effective_buttons,
    give_line,
    moment,
    needs_sync,
    pair,
    register,
    shown,
)
from .tables import Clash, DeviceTables, StoredDevice

REBOOT_SECONDS = 60
"""How long a rebooted phone is offline (its lines unregistered)."""
_ONLY_FOR = {
    "status": ("deskphone", "dect_base"),
    "location": ("deskphone", "dect_base"),
    "ipei": ("dect_handset",),
    "base": ("dect_handset",),
}


def _device(call: ApiRequest, account_id: str) -> StoredDevice:
    return call.runtime.state(DeviceTables).device(
        call.tenant, account_id, call.path_params["device_id"]
    )


def unpaged(path: str, items: list[dict[str, Any]]) -> str:
    return to_json(
        {
            "object": "list",
            "url": path,
            "has_more": False,
            "next_page_url": None,
            "previous_page_url": None,
            "data": items,
        }
    )


def _existing_template(call: ApiRequest, account_id: str, template_id: str) -> None:
    try:
        call.runtime.state(DeviceTables).template(call.tenant, account_id, template_id)
    except ResourceMissing:
        raise SemanticallyInvalid(
            "button_template", f"no such button template: {template_id!r}"
        ) from None


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    device_id = register(call.runtime, call.tenant, account_id, call.body)
    device = call.runtime.state(DeviceTables).device(call.tenant, account_id, device_id)
    return 201, to_json({"id": device_id, "type": device.document["type"]})


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    stored = _device(call, account_id)
    device = shown(
        call.runtime,
        call.tenant,
        account_id,
        stored.document,
        stored.offline_until,
        expand=frozenset(call.params.get("expand[]", ())),
        with_compatibility=True,
    )
    return 200, to_json(device)


def list_devices(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    filters = list_filters(call.query, ("type", "location"))
    request = ListRequest(
        "/v1/devices",
        f"{call.tenant}|devices|{account_id}|{filters.get('type')}|{filters.get('location')}",
        None,
        filters,
    )
    tables = call.runtime.state(DeviceTables)
    expand = frozenset(call.params.get("expand[]", ()))

    def show(document: str) -> str:
        stored = tables.device(call.tenant, account_id, json.loads(document)["id"])
        return to_json(
            shown(
                call.runtime,
                call.tenant,
                account_id,
                stored.document,
                stored.offline_until,
                expand=expand,
            )
        )

    return list_reply(
        call,
        request,
        lambda page: tables.device_page(
            call.tenant, account_id, filters.get("type"), filters.get("location"), page
        ),
        lambda row: show(row.document),
    )


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    stored = _device(call, account_id)
    device = stored.document
    changes = dict(call.body)
    for field, kinds in _ONLY_FOR.items():
        if field in changes and device["type"] not in kinds:
            raise SemanticallyInvalid(field, f"a {device['type']} takes no {field}")
    timestamp = moment(call.runtime, call.tenant)
    if "overrides" in changes:
        changes["overrides"] = checked_settings(changes["overrides"])
    if changes.get("button_template") is not None:
        _existing_template(call, account_id, changes["button_template"])
    if "button_template" in changes:
        device["button_template_id"] = changes.pop("button_template")
    if "ipei" in changes:
        changes["ipei"] = changes["ipei"].upper()
    if "base" in changes:
        base_id = changes.pop("base")
        if base_id is None:
            device.update(base=None, slot_number=None, status="unpaired")
        elif base_id != device["base"]:
            pair(call.runtime, call.tenant, account_id, device, base_id)
    status = changes.pop("status", None)
    device.update(changes)
    if device["type"] == "dect_handset":
        device["display_name"] = device["name"]
    if call.body.keys() - {"status"}:
        needs_sync(device, timestamp)
    if status is not None:
        device["status"] = status
    try:
        tables.replace_device(call.tenant, device)
    except Clash:
        raise Conflict(
            "device_exists", "A device with this ipei is already in the account", {"field": "ipei"}
        ) from None
    return 200, to_json(shown(call.runtime, call.tenant, account_id, device, stored.offline_until))


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    device_id = call.path_params["device_id"]
    tables.device(call.tenant, account_id, device_id)
    timestamp = moment(call.runtime, call.tenant)
    for handset in tables.handsets(call.tenant, device_id):
        handset.update(base=None, slot_number=None, status="unpaired", updated_at=timestamp)
        tables.replace_device(call.tenant, handset)
    tables.delete_device(call.tenant, account_id, device_id)
    return 204, None


def list_compatible_button_templates(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    device = _device(call, account_id).document
    model = device_model(device)
    has_user = bool(tables.assignments(call.tenant, device["id"]))
    fitting = [
        template_id
        for template_id in tables.template_ids(call.tenant, account_id)
        if all(
            buttons.verdict(model, has_user, button["position"], button["type"], button["target"])
            is None
            for button in tables.buttons(call.tenant, template_id)
        )
    ]
    path = f"/v1/devices/{device['id']}/compatible_button_templates"
    request = ListRequest(path, f"{call.tenant}|compatible|{device['id']}", None, {})
    return list_reply(
        call, request, lambda page: tables.template_page(call.tenant, account_id, page, fitting)
    )


def list_buttons(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    device = _device(call, account_id).document
    has_user = bool(tables.assignments(call.tenant, device["id"]))
    found = effective_buttons(call.runtime, call.tenant, device, has_user)
    return 200, unpaged(f"/v1/devices/{device['id']}/buttons", found)


def list_button_overrides(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    device_id = _device(call, account_id).document["id"]
    path = f"/v1/devices/{device_id}/button_overrides"
    request = ListRequest(path, f"{call.tenant}|overrides|{device_id}", None, {})
    return list_reply(
        call, request, lambda page: tables.override_page(call.tenant, device_id, page)
    )


def create_button_override(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    stored = _device(call, account_id)
    device = stored.document
    body = call.body
    override: dict[str, Any] = {
        "id": call.runtime.ids.new("dbo"),
        "object": "device_button_override",
        "device": device["id"],
        "position": body["position"],
        "suppressed": body.get("suppressed", False),
        "label": None,
        "type": None,
        "created_at": moment(call.runtime, call.tenant),
    }
    if override["suppressed"]:
        for field in ("label", "type", "target"):
            if field in body:
                raise SemanticallyInvalid(field, f"a suppressed override takes no {field}")
    else:
        for field in ("type", "label"):
            if field not in body:
                raise SemanticallyInvalid(
                    field, f"an override that is not suppressed needs {field}"
                )
        override["label"] = body["label"]
        override["type"] = body["type"]
        override["target"] = buttons.checked_target(
            call.runtime, call.tenant, account_id, body["type"], body.get("target", {})
        )
    try:
        tables.insert_override(call.tenant, override)
    except Clash:
        raise Conflict(
            "button_override_exists",
            f"The device already overrides position {override['position']}",
            {"field": "position"},
        ) from None
    needs_sync(device, override["created_at"])
    tables.replace_device(call.tenant, device)
    return 201, to_json(override)


def delete_button_override(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    device = _device(call, account_id).document
    tables.delete_override(call.tenant, device["id"], call.path_params["override_id"])
    needs_sync(device, moment(call.runtime, call.tenant))
    tables.replace_device(call.tenant, device)
    return 204, None


def assign_user(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    device = _device(call, account_id).document
    line = give_line(call.runtime, call.tenant, account_id, device, call.body["user"])
    return 201, to_json(assignment_json(line))


def list_users(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    device_id = _device(call, account_id).document["id"]
    found = [assignment_json(line) for line in tables.assignments(call.tenant, device_id)]
    return 200, unpaged(f"/v1/devices/{device_id}/users", found)


def remove_user(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    device = _device(call, account_id).document
    user_id = call.path_params["user_id"]
    call.runtime.users.document(call.tenant, account_id, user_id)
    if tables.unassign(call.tenant, device["id"], user_id):
        needs_sync(device, moment(call.runtime, call.tenant))
        tables.replace_device(call.tenant, device)
    return 204, None


def check_sync(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    stored = _device(call, account_id)
    device = stored.document
    now = call.runtime.clock.now(call.tenant)
    offline = stored.offline_until is not None and now < stored.offline_until
    if offline or device["status"] == "unpaired":
        unreachable = {"line_number": 0, "status": "unreachable", "management": True}
        return 200, to_json({"success": False, "lines_notified": 0, "lines": [unreachable]})
    timestamp = moment(call.runtime, call.tenant)
    lines = tables.assignments(call.tenant, device["id"])
    tables.register_lines(call.tenant, device["id"], timestamp)
    address = hashlib.sha256(device["id"].encode()).digest()
    device.update(
        status="provisioned",
        last_provisioned_at=timestamp,
        current_ip_address=f"10.{address[0]}.{address[1]}.{address[2] % 254 + 1}",
    )
    if lines:
        device["last_registered_at"] = timestamp
        if device["type"] == "dect_handset":
            device["registered_at"] = device.get("registered_at") or timestamp
    tables.replace_device(call.tenant, device)
    if call.body.get("reboot"):
        tables.take_offline(call.tenant, device["id"], now + REBOOT_SECONDS)
    reached = [{"line_number": line.line_number, "status": "delivered"} for line in lines]
    entries = reached or [{"line_number": 0, "status": "delivered", "management": True}]
    return 200, to_json({"success": True, "lines_notified": len(reached), "lines": entries})


OPERATIONS = {
    "devices.create": create,
    "devices.list": list_devices,
    "devices.retrieve": retrieve,
    "devices.update": update,
    "devices.delete": delete,
    "devices.list_compatible_button_templates": list_compatible_button_templates,
    "devices.list_buttons": list_buttons,
    "devices.list_button_overrides": list_button_overrides,
    "devices.create_button_override": create_button_override,
    "devices.delete_button_override": delete_button_override,
    "devices.assign_user": assign_user,
    "devices.list_users": list_users,
    "devices.remove_user": remove_user,
    "devices.check_sync": check_sync,
}
