"""Phone numbers: the account's list, one number, its settings and inbound routing (a test
account gets its first number on its first test call)."""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, ResourceMissing, SemanticallyInvalid
from ...core.pages import ListRequest, list_filters, list_reply
from ...core.ports import Hop, RoutedCall
from ...core.timestamps import iso
from .tables import CallTables


def list_phone_numbers(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    filters = list_filters(call.query, ("status",))
    request = ListRequest(
        "/v1/phone-numbers",
        f"{call.tenant}|phone_numbers|{account_id}|{to_json(filters)}",
        "did",
        filters,
    )
    calls = call.runtime.state(CallTables)
    status = call.query.get("status")
    return list_reply(
        call, request, lambda page: calls.phone_number_page(call.tenant, account_id, status, page)
    )


def _stored(call: ApiRequest, account_id: str) -> str:
    number_id = call.path_params["phone_number_id"]
    document = call.runtime.state(CallTables).phone_number(call.tenant, account_id, number_id)
    if document is None:
        raise ResourceMissing("phone_number", number_id)
    return document


def retrieve(call: ApiRequest) -> Reply:
    return 200, _stored(call, call.account_id())


def _fax_notifications(config: dict[str, Any] | None) -> dict[str, Any]:
    """The configuration as stored: ``attach_pdf`` is accepted and ignored (always true)."""
    if not config or "fax_notifications" not in config:
        return {}
    notifications = dict(config["fax_notifications"])
    if notifications.get("delete_documents") and not notifications.get("recipients"):
        raise SemanticallyInvalid(
            "config.fax_notifications.delete_documents",
            "keeping no documents needs a recipient: a fax would be neither stored nor sent",
        )
    notifications["attach_pdf"] = True
    return {"fax_notifications": notifications}


def _routing(call: ApiRequest, account_id: str, number: dict[str, Any]) -> None:
    """``inbound_routing`` ``drop`` holds no target; a target must exist in the account."""
    changes = call.body
    target = changes.get("routing_target")
    if target is None:
        return
    if changes.get("inbound_routing", number["inbound_routing"]) == "drop":
        raise SemanticallyInvalid(
            "routing_target", "a number whose inbound calls are dropped routes to no target"
        )
    if call.runtime.state(CallTables).phone_number(call.tenant, account_id, target) is not None:
        raise SemanticallyInvalid("routing_target", "a number routes to a target, not a number")
    if not call.runtime.router.exists(call.tenant, account_id, target):
        raise SemanticallyInvalid("routing_target", f"{target!r} is not a routing target")


def _changeable(call: ApiRequest, account_id: str) -> dict[str, Any]:
    number: dict[str, Any] = json.loads(_stored(call, account_id))
    if number["status"] == "released":
        raise Conflict("phone_number_released", "a released number can no longer be changed")
    return number


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    number = _changeable(call, account_id)
    changes = dict(call.body)
    _routing(call, account_id, number)
    if "config" in changes:
        changes["config"] = _fax_notifications(changes["config"])
    if "expires_at" in changes:  # only null: the number becomes the account's own
        changes["number_class"] = "account_owned"
    number.update(changes)
    if number["inbound_routing"] == "drop":
        number["routing_target"] = None
    return 200, _save(call, number)


def route(call: ApiRequest) -> Reply:
    """``update`` with only ``routing_target``: the same checks, ``drop`` takes only None."""
    account_id = call.account_id()
    number = _changeable(call, account_id)
    _routing(call, account_id, number)
    number["routing_target"] = call.body["routing_target"]
    return 200, _save(call, number)


def _save(call: ApiRequest, number: dict[str, Any]) -> str:
    number["updated_at"] = iso(int(call.runtime.clock.now(call.tenant) * 1_000_000_000))
    document = to_json(number)
    call.runtime.state(CallTables).replace_phone_number(
        call.tenant,
        number["id"],
        status=number["status"],
        routing_target=number["routing_target"],
        document=document,
    )
    return document


class NumberDirectory:
    """The core's ``NumberDirectory``, the router's ``did`` targets and its referrers: what
    the other services ask of the account's numbers."""

    def __init__(self, tables: CallTables) -> None:
        self._tables = tables

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        document = self._tables.phone_number(tenant, account_id, target_id)
        return document is not None and json.loads(document)["status"] == "active"

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        """A call to the number goes where the number routes it; ``drop``, or no target,
        rings no one."""
        del call
        number = json.loads(self._tables.phone_number(tenant, account_id, target_id) or "{}")
        if number.get("inbound_routing") == "drop" or number.get("routing_target") is None:
            return Hop()
        return Hop(next=number["routing_target"])

    def is_fax_enabled(self, tenant: str, account_id: str, phone_number: str) -> bool | None:
        document = self._tables.phone_number_by_e164(tenant, account_id, phone_number)
        if document is None:
            return None
        return bool(json.loads(document)["fax_enabled"])

    def phone_number(self, tenant: str, account_id: str, number_id: str) -> str | None:
        document = self._tables.phone_number(tenant, account_id, number_id)
        return None if document is None else str(json.loads(document)["phone_number"])

    def routing_to(self, tenant: str, account_id: str, target_id: str) -> str | None:
        return self._tables.number_routing_to(tenant, account_id, target_id)

    def holds(self, tenant: str, account_id: str, phone_number: str) -> bool:
        document = self._tables.phone_number_by_e164(tenant, account_id, phone_number)
        return document is not None and json.loads(document)["status"] != "released"

    def activate(
        self, tenant: str, account_id: str, *, number_id: str, phone_number: str, at: float
    ) -> None:
        self._tables.add_phone_number(
            tenant, account_id, number_id, phone_number=phone_number, status="active", at=at
        )


OPERATIONS = {
    "phone_numbers.list": list_phone_numbers,
    "phone_numbers.retrieve": retrieve,
    "phone_numbers.update": update,
    "phone_numbers.route": route,
}
