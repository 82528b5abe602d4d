"""Hardware orders: the five operations, and the review steps the control routes take."""

import hashlib
import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, ResourceMissing, SemanticallyInvalid
from ...core.runtime import Runtime
from ...core.timestamps import iso
from .catalog import BY_ID, CatalogItem
from .tables import OrderTables

MAX_UNITS = 100
"""Units per order, all lines together (one line may hold them all)."""
EXPAND_DEVICE = "items.device"
_CLOSED = ("fulfilled", "rejected", "cancelled")
REVIEW_STEPS: dict[str, tuple[str, ...]] = {
    "submitted": ("approved", "rejected", "cancelled"),
    "approved": ("fulfilled", "cancelled"),
}
"""Status -> where review may take it next (``POST /_emulator/hardware_orders/{id}``)."""


def _stamp(runtime: Runtime, tenant: str) -> str:
    return iso(int(runtime.clock.now(tenant) * 1_000_000_000))


def _units(call: ApiRequest, lines: list[dict[str, Any]], stamp: str) -> list[dict[str, Any]]:
    """One item per unit ordered, handsets paired with the base when the order has one."""
    if sum(line["quantity"] for line in lines) > MAX_UNITS:
        raise SemanticallyInvalid("items", f"An order holds at most {MAX_UNITS} units")
    units: list[dict[str, Any]] = []
    for index, line in enumerate(lines):
        field = f"items.{index}.hardware_catalog"
        item = BY_ID.get(line["hardware_catalog"])
        if item is None:
            raise SemanticallyInvalid(field, f"No such catalog item: {line['hardware_catalog']!r}")
        if not item.active:
            raise SemanticallyInvalid(field, f"{item.model} can no longer be ordered")
        units += [_unit(call.runtime.ids.new("hwoi"), item, stamp) for _ in range(line["quantity"])]
    bases = [unit["id"] for unit in units if unit["hardware_catalog"]["device_type"] == "dect_base"]
    if len(bases) == 1:
        for unit in units:
            if unit["hardware_catalog"]["device_type"] == "dect_handset":
                unit["base_item"] = bases[0]
    return units


def _unit(unit_id: str, item: CatalogItem, stamp: str) -> dict[str, Any]:
    return {
        "id": unit_id,
        "object": "hardware_order_item",
        "user": None,
        "location": None,
        "base_item": None,
        "device": None,
        "fulfilled_at": None,
        "hardware_catalog": item.wire(),
        "created_at": stamp,
        "updated_at": stamp,
    }


def _save(runtime: Runtime, tenant: str, account_id: str, order: dict[str, Any]) -> str:
    document = to_json(order)
    locations = {unit["id"]: unit["location"] for unit in order["items"]}
    runtime.state(OrderTables).save(tenant, account_id, order["id"], document, locations)
    return document


def _shown(call: ApiRequest, account_id: str, document: str) -> str:
    """The order as asked: each fulfilled unit's device in full with ``items.device``."""
    if EXPAND_DEVICE not in call.params.get("expand[]", ()):
        return document
    order = json.loads(document)
    for unit in order["items"]:
        if unit["device"] is not None:
            try:
                device = call.runtime.devices.document(call.tenant, account_id, unit["device"])
            except ResourceMissing:
                continue  # deleted since: the id is all that is left of it
            unit["device"] = json.loads(device)
    return to_json(order)


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    stamp = _stamp(call.runtime, call.tenant)
    order = {
        "id": call.runtime.ids.new("hwo"),
        "object": "hardware_order",
        "status": "submitted",
        "rejection_reason": None,
        "items": _units(call, call.body["items"], stamp),
        "created_at": stamp,
        "updated_at": stamp,
    }
    return 201, _save(call.runtime, call.tenant, account_id, order)


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    orders = call.runtime.state(OrderTables)
    _, document = orders.document(call.tenant, account_id, call.path_params["order_id"])
    return 200, _shown(call, account_id, document)


def list_orders(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    location = call.query.get("location")
    documents = call.runtime.state(OrderTables).newest(call.tenant, account_id, location)
    shown = ",".join(_shown(call, account_id, document) for document in documents)
    return 200, f'{{"object":"list","url":"/v1/hardware-orders","data":[{shown}]}}'


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    orders = call.runtime.state(OrderTables)
    _, document = orders.document(call.tenant, account_id, call.path_params["order_id"])
    order = json.loads(document)
    if order["status"] != "draft":
        raise Conflict(
            "order_not_draft",
            f"Only a draft order can change; this one is {order['status']}",
            {"status": order["status"]},
        )
    stamp = _stamp(call.runtime, call.tenant)
    order["items"] = _units(call, call.body["items"], stamp)
    order["updated_at"] = stamp
    return 200, _save(call.runtime, call.tenant, account_id, order)


def update_item(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    orders = call.runtime.state(OrderTables)
    _, document = orders.document(call.tenant, account_id, call.path_params["order"])
    order = json.loads(document)
    units = {unit["id"]: unit for unit in order["items"]}
    unit = units.get(call.path_params["item"])
    if unit is None:
        raise ResourceMissing("hardware order item", call.path_params["item"])
    if order["status"] in _CLOSED:
        raise Conflict(
            "order_closed",
            f"The order is {order['status']}: its units can no longer change",
            {"status": order["status"]},
        )
    changes = call.body
    if changes.get("user") is not None:
        try:
            call.runtime.users.document(call.tenant, account_id, changes["user"])
        except ResourceMissing:
            raise SemanticallyInvalid("user", "user must be a user of this account") from None
    base = changes.get("base_item")
    if base is not None:
        kind = unit["hardware_catalog"]["device_type"]
        if kind != "dect_handset":
            raise SemanticallyInvalid(
                "base_item", f"Only a handset pairs with a base, not a {kind}"
            )
        if units.get(base, {}).get("hardware_catalog", {}).get("device_type") != "dect_base":
            raise SemanticallyInvalid("base_item", "base_item must be a DECT base of this order")
    unit.update(changes)
    unit["updated_at"] = order["updated_at"] = _stamp(call.runtime, call.tenant)
    _save(call.runtime, call.tenant, account_id, order)
    return 200, to_json(unit)


def review(runtime: Runtime, tenant: str, order_id: str, status: str, reason: str | None) -> str:
    """Move the order on as the vendor's review does; fulfilment makes the devices.

    Raises:
        ResourceMissing: no such order for the tenant.
        Conflict: ``invalid_transition``, the order cannot go there from where it is.
    """
    orders = runtime.state(OrderTables)
    account_id, document = orders.document(tenant, None, order_id)
    order = json.loads(document)
    if status not in REVIEW_STEPS.get(order["status"], ()):
        raise Conflict(
            "invalid_transition",
            f"A {order['status']} order cannot become {status}",
            {"status": order["status"]},
        )
    stamp = _stamp(runtime, tenant)
    order["status"] = status
    order["updated_at"] = stamp
    if status == "rejected":
        order["rejection_reason"] = reason or "Rejected at review"
    if status == "fulfilled":
        for unit in order["items"]:
            _fulfil(runtime, tenant, account_id, unit, stamp)
    return _save(runtime, tenant, account_id, order)


def _fulfil(
    runtime: Runtime, tenant: str, account_id: str, unit: dict[str, Any], stamp: str
) -> None:
    catalog = unit["hardware_catalog"]
    if catalog["device_type"] != "accessory":
        unit["device"] = runtime.devices.create_from_order(
            tenant,
            account_id,
            mac_address=_mac_address(BY_ID[catalog["id"]].oui, unit["id"]),
            device_type=catalog["device_type"],
            model=catalog["model"],
            user_id=unit["user"],
            location_id=unit["location"],
        )
    unit["fulfilled_at"] = unit["updated_at"] = stamp


def _mac_address(oui: str, unit_id: str) -> str:
    """The vendor's prefix and three bytes of the unit id's hash: one address per unit."""
    tail = hashlib.sha256(unit_id.encode()).hexdigest()[:6].upper()
    return f"{oui}:{tail[0:2]}:{tail[2:4]}:{tail[4:6]}"


OPERATIONS = {
    "hardware_orders.create": create,
    "hardware_orders.list": list_orders,
    "hardware_orders.retrieve": retrieve,
    "hardware_orders.update": update,
    "hardware_orders.update_item": update_item,
}
