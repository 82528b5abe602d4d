"""Port-in orders and the eligibility check.

``draft`` -(approve)-> ``approved`` -(submit)-> ``submitted``; on the tenant's clock the
losing carrier answers ``CONFIRM_SECONDS`` later: ``foc`` (the date is firm) or, when a
number ends in ``inventory.REFUSED_SUFFIX``, ``exception``; a ``foc`` order is ``complete``
at the start of its firm date (UTC, at ``requested_foc_time`` when given), its numbers then
``active`` numbers of the account. ``cancel`` ends any order without a firm date. Any other
step is a 409 ``port_order_status``.
"""

import ipaddress
import json
from datetime import UTC, date, datetime, time
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, SemanticallyInvalid, UnsupportedMediaType
from ...core.pages import ListRequest, list_filters, list_reply
from ...core.runtime import Runtime
from . import inventory
from .claims import claim, stamp
from .tables import Due, NumberingTables

CONFIRM_SECONDS = 3600
"""From submission to the losing carrier's answer (a firm date or an exception)."""
_TABLE = "port_orders"
_CANCELLABLE = ("draft", "approved", "submitted", "exception")
_DOCUMENT_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
FILE_PART = "file"
LOA_BYTES = 48_213
"""The size of the letter of authorization approval generates (one signed page)."""


def check_eligibility(call: ApiRequest) -> Reply:
    call.account_id()  # the answer depends on no account, but one of ours must be named
    portable: list[dict[str, Any]] = []
    non_portable: list[dict[str, Any]] = []
    for number in call.body["phone_numbers"]:
        entry = _eligibility(number)
        (portable if entry is not None else non_portable).append(
            entry if entry is not None else {"phone_number": number}
        )
    return 200, to_json({"portable_numbers": portable, "non_portable_numbers": non_portable})


def _eligibility(phone_number: str) -> dict[str, Any] | None:
    """A number of a rate center the inventory serves is portable; None: it is not."""
    if inventory.rate_center(phone_number) is None:
        return None
    carrier = inventory.losing_carrier(phone_number)
    return {
        "phone_number": phone_number,
        "losing_carrier_name": carrier.name,
        "losing_carrier_spid": carrier.spid,
        "is_wireless": carrier.wireless,
        "account_number_required": carrier.wireless,
    }


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    runtime = call.runtime
    body = call.body
    numbers: list[str] = body["phone_numbers"]
    eligibility: list[dict[str, Any]] = []
    for index, number in enumerate(numbers):
        entry = _eligibility(number)
        if entry is None:
            raise SemanticallyInvalid(
                f"phone_numbers.{index}",
                f"{number} cannot be ported: no rate center of ours serves it",
            )
        eligibility.append(entry)
    try:
        date.fromisoformat(body["requested_foc_date"])
    except ValueError:  # the form fits, the calendar has no such day (year 0000)
        raise SemanticallyInvalid("requested_foc_date", "No such day") from None
    subscriber: dict[str, Any] = {"account_number": None, "pin": None, **body["subscriber"]}
    subscriber["address"] = {"line2": None, **subscriber["address"]}
    if not subscriber["account_number"] and any(e["account_number_required"] for e in eligibility):
        raise SemanticallyInvalid(
            "subscriber.account_number",
            "a wireless carrier releases its numbers only with the subscriber's account number",
        )
    first = eligibility[0]
    now = runtime.clock.now(call.tenant)
    order: dict[str, Any] = {
        "id": runtime.ids.new("po"),
        "object": "port_order",
        "status": "draft",
        "details": {
            "phone_numbers": numbers,
            "subscriber": subscriber,
            "requested_foc_date": body["requested_foc_date"],
            "requested_foc_time": body.get("requested_foc_time"),
            "actual_foc_date": None,
            "losing_carrier": {
                "name": first["losing_carrier_name"],
                "spid": first["losing_carrier_spid"],
                "port_type": "wireless" if first["is_wireless"] else "wireline",
            },
            "eligibility": eligibility,
            "rejection": None,
            "approval": None,
            "loa": None,
            "csr": None,
            "bill_copy": None,
        },
        "submitted_at": None,
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
        columns={"status": "draft"},
        due_at=None,
        document=document,
    )
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    return 200, _document(call, account_id)


def list_orders(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    filters = list_filters(call.query, ("status",))
    request = ListRequest(
        "/v1/port-orders",
        f"{call.tenant}|port_orders|{account_id}|{to_json(filters)}",
        "po",
        filters,
    )
    tables = call.runtime.state(NumberingTables)
    return list_reply(
        call, request, lambda page: tables.page(_TABLE, call.tenant, account_id, filters, page)
    )


def approve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    order = _in_status(call, account_id, ("draft",), "approved")
    now = call.runtime.clock.now(call.tenant)
    ip = str(ipaddress.ip_address(call.body["ip"]))  # the description checked its form
    order["details"]["approval"] = {
        "signature": call.body["signature"],
        "ip": ip,
        "timestamp": stamp(now),
    }
    order["details"]["loa"] = {
        "s3_key": f"port-orders/{order['id']}/loa.pdf",
        "content_type": "application/pdf",
        "file_size": LOA_BYTES,
    }
    return 200, _save(call, order, "approved", None, now)


def submit(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    order = _in_status(call, account_id, ("approved",), "submitted")
    now = call.runtime.clock.now(call.tenant)
    today = datetime.fromtimestamp(now, UTC).date()
    if date.fromisoformat(order["details"]["requested_foc_date"]) < today:
        raise SemanticallyInvalid(
            "requested_foc_date", f"The requested date has passed: today is {today.isoformat()}"
        )
    order["submitted_at"] = stamp(now)
    return 200, _save(call, order, "submitted", now + CONFIRM_SECONDS, now)


def cancel(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    order = _in_status(call, account_id, _CANCELLABLE, "cancelled")
    call.runtime.state(NumberingTables).unclaim(order["id"])
    return 200, _save(call, order, "cancelled", None, call.runtime.clock.now(call.tenant))


def upload_csr(call: ApiRequest) -> Reply:
    return _attach(call, "csr")


def upload_bill_copy(call: ApiRequest) -> Reply:
    return _attach(call, "bill_copy")


def _attach(call: ApiRequest, kind: str) -> Reply:
    """Keep what the document is (its type and size); its bytes are not needed again."""
    account_id = call.account_id()
    order = json.loads(_document(call, account_id))
    if order["status"] not in ("draft", "approved"):
        raise Conflict(
            "port_order_status",
            f"Documents go with an order before it is submitted; this one is {order['status']}",
            {"status": order["status"]},
        )
    data = call.files[FILE_PART].data  # the description requires the part
    content_type = next(
        (kind for magic, kind in _DOCUMENT_TYPES.items() if data.startswith(magic)), None
    )
    if content_type is None:
        raise UnsupportedMediaType(
            "The document must be a PDF, PNG or JPEG file", {"field": FILE_PART}
        )
    extension = content_type.rsplit("/", 1)[1]
    order["details"][kind] = {
        "s3_key": f"port-orders/{order['id']}/{kind.replace('_', '-')}.{extension}",
        "content_type": content_type,
        "file_size": len(data),
    }
    now = call.runtime.clock.now(call.tenant)
    return 200, _save(call, order, order["status"], None, now)


def _document(call: ApiRequest, account_id: str) -> str:
    tables = call.runtime.state(NumberingTables)
    return tables.document(_TABLE, call.tenant, account_id, call.path_params["port_order_id"])


def _in_status(
    call: ApiRequest, account_id: str, allowed: tuple[str, ...], going: str
) -> dict[str, Any]:
    order: dict[str, Any] = json.loads(_document(call, account_id))
    if order["status"] not in allowed:
        raise Conflict(
            "port_order_status",
            f"A {order['status']} port order cannot become {going}",
            {"status": order["status"]},
        )
    return order


def _save(
    call: ApiRequest, order: dict[str, Any], status: str, due_at: float | None, now: float
) -> str:
    order["status"] = status
    order["updated_at"] = stamp(now)
    document = to_json(order)
    call.runtime.state(NumberingTables).replace(_TABLE, order["id"], status, due_at, document)
    return document


def settle(runtime: Runtime, tenant: str) -> None:
    """Move on each of the tenant's port orders whose time has come."""
    tables = runtime.state(NumberingTables)
    with runtime.db.atomic():
        # A step may leave the order due again at once (a firm date already reached).
        while dues := tables.due(_TABLE, tenant, runtime.clock.now(tenant)):
            for due in dues:
                _step(runtime, tenant, due)


def _step(runtime: Runtime, tenant: str, due: Due) -> None:
    order: dict[str, Any] = json.loads(due.document)
    details = order["details"]
    due_at: float | None = None
    if order["status"] == "submitted":
        refused = [n for n in details["phone_numbers"] if n.endswith(inventory.REFUSED_SUFFIX)]
        if refused:
            order["status"] = "exception"
            details["rejection"] = {
                "code": "subscriber_mismatch",
                "message": "The losing carrier's records do not match the subscriber"
                f" for {', '.join(refused)}",
            }
        else:
            order["status"] = "foc"
            firm = max(
                date.fromisoformat(details["requested_foc_date"]),
                datetime.fromtimestamp(due.due_at, UTC).date(),
            )
            details["actual_foc_date"] = firm.isoformat()
            due_at = max(due.due_at, _moment(firm, details["requested_foc_time"]))
    else:  # foc: the numbers move
        order["status"] = "complete"
        for number in details["phone_numbers"]:
            runtime.numbers.activate(
                tenant,
                due.account_id,
                number_id=runtime.ids.new("did"),
                phone_number=number,
                at=due.due_at,
            )
    order["updated_at"] = stamp(due.due_at)
    runtime.state(NumberingTables).replace(_TABLE, due.id, order["status"], due_at, to_json(order))


def _moment(day: date, at: str | None) -> float:
    hour, minute = (int(part) for part in (at or "00:00").split(":"))
    return datetime.combine(day, time(hour, minute), UTC).timestamp()


OPERATIONS = {
    "port_orders.create": create,
    "port_orders.list": list_orders,
    "port_orders.retrieve": retrieve,
    "port_orders.approve": approve,
    "port_orders.submit": submit,
    "port_orders.cancel": cancel,
    "port_orders.upload_csr": upload_csr,
    "port_orders.upload_bill_copy": upload_bill_copy,
    "port_orders.check_eligibility": check_eligibility,
}
