"""Available numbers and phone-number orders: a purchase is ``pending`` for
``FULFILMENT_SECONDS`` of the tenant's clock, then each number the carrier gives becomes an
``active`` number of the account (``complete``; ``partial`` or ``failed`` when it refuses
some or all of them)."""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ValidationFailed
from ...core.pages import ListRequest, list_filters, list_reply
from ...core.runtime import Runtime
from . import inventory
from .claims import claim, is_taken, stamp
from .tables import NumberingTables

FULFILMENT_SECONDS = 5
"""How long a purchase stays ``pending``: within the ordering component's 10 s of polling."""
DEFAULT_QUANTITY = 10
_TABLE = "phone_number_orders"


def list_available(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)  # a number an order has just failed is free again
    area_code, zip_code = call.query.get("area_code"), call.query.get("zip")
    if (area_code is None) == (zip_code is None):
        raise ValidationFailed("area_code", "Search by area_code or by zip: exactly one of them")
    if zip_code is not None:
        area_code = inventory.area_of_zip(zip_code)
    quantity = int(call.query.get("quantity", DEFAULT_QUANTITY))
    numbers = (
        []
        if area_code is None
        else inventory.search(
            area_code,
            quantity,
            lambda number: is_taken(call.runtime, call.tenant, account_id, number),
        )
    )
    data: list[dict[str, str]] = []
    for number in numbers:
        center = inventory.RATE_CENTERS[number[2:5]]
        data.append(
            {
                "phone_number": number,
                "city": center.city,
                "state": center.state,
                "rate_center": center.rate_center,
                "lata": center.lata,
            }
        )
    return 200, to_json({"object": "list", "url": "/v1/available-phone-numbers", "data": data})


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    runtime = call.runtime
    now = runtime.clock.now(call.tenant)
    numbers: list[str] = call.body["phone_numbers"]
    order: dict[str, Any] = {
        "id": runtime.ids.new("ord"),
        "object": "phone_number_order",
        "order_type": "purchase",
        "status": "pending",
        "phone_numbers": numbers,
        "completed_numbers": [],
        "failed_numbers": [],
        "error_message": None,
        "created_at": stamp(now),
        "updated_at": stamp(now),
    }
    claim(call, account_id, order["id"], numbers)
    document = to_json(order)
    runtime.state(NumberingTables).insert(
        _TABLE,
        call.tenant,
        account_id,
        order["id"],
        columns={"status": "pending", "order_type": "purchase"},
        due_at=now + FULFILMENT_SECONDS,
        document=document,
    )
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    tables = call.runtime.state(NumberingTables)
    order_id = call.path_params["phone_number_order_id"]
    return 200, tables.document(_TABLE, call.tenant, account_id, order_id)


def list_orders(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    filters = list_filters(call.query, ("status", "order_type"))
    request = ListRequest(
        "/v1/phone-number-orders",
        f"{call.tenant}|phone_number_orders|{account_id}|{to_json(filters)}",
        "ord",
        filters,
    )
    tables = call.runtime.state(NumberingTables)
    return list_reply(
        call, request, lambda page: tables.page(_TABLE, call.tenant, account_id, filters, page)
    )


def settle(runtime: Runtime, tenant: str) -> None:
    """End each of the tenant's purchases whose time has come."""
    tables = runtime.state(NumberingTables)
    with runtime.db.atomic():
        for due in tables.due(_TABLE, tenant, runtime.clock.now(tenant)):
            order: dict[str, Any] = json.loads(due.document)
            refused = [n for n in order["phone_numbers"] if n.endswith(inventory.REFUSED_SUFFIX)]
            given = [n for n in order["phone_numbers"] if n not in refused]
            for number in given:
                runtime.numbers.activate(
                    tenant,
                    due.account_id,
                    number_id=runtime.ids.new("did"),
                    phone_number=number,
                    at=due.due_at,
                )
            tables.unclaim(due.id, refused)
            order["completed_numbers"] = given
            order["failed_numbers"] = refused
            order["status"] = "complete" if not refused else "partial" if given else "failed"
            if refused:
                order["error_message"] = (
                    f"The carrier could not provide {len(refused)} of the"
                    f" {len(order['phone_numbers'])} numbers"
                )
            order["updated_at"] = stamp(due.due_at)
            tables.replace(_TABLE, due.id, order["status"], None, to_json(order))


OPERATIONS = {
    "available_phone_numbers.list": list_available,
    "phone_number_orders.create": create,
    "phone_number_orders.retrieve": retrieve,
    "phone_number_orders.list": list_orders,
}
