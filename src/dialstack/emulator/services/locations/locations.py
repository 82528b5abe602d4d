"""Locations over HTTP: create, list, retrieve, update and delete, and E911 validation and
provisioning (``e911``). A location's ``e911_status`` is read from the tenant's clock each
time it is shown: ``none`` until provisioning is asked for, then the carrier's timeline."""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, SemanticallyInvalid
from ...core.pages import ListRequest, list_reply
from ...core.runtime import Runtime
from ...core.timestamps import iso
from ...core.updates import apply_update
from . import e911
from .tables import LocationTables

_SETTLED = ("pending", "binding", "provisioned")
"""Statuses a repeated provisioning request leaves as they are."""


def _stamp(runtime: Runtime, tenant: str) -> str:
    return iso(int(runtime.clock.now(tenant) * 1_000_000_000))


def _formatted(address: dict[str, Any]) -> str:
    street = " ".join(part for part in (address.get("address_number"), address["street"]) if part)
    lines = [street, address.get("unit"), address["city"]]
    region = f"{address['state']} {address['postal_code']}"
    return ", ".join(line for line in (*lines, region) if line)


def _address(sent: dict[str, Any]) -> dict[str, Any]:
    return {**sent, "formatted_address": _formatted(sent)}


def _check_primary_did(call: ApiRequest, account_id: str, did: str | None) -> None:
    if did is not None and call.runtime.numbers.phone_number(call.tenant, account_id, did) is None:
        raise SemanticallyInvalid("primary_did", f"{did!r} is not one of the account's numbers")


def _e911_status(runtime: Runtime, tenant: str, address: dict[str, Any], at: float | None) -> str:
    if at is None:
        return "none"
    return e911.provisioning_status(
        runtime.clock.now(tenant) - at, e911.refused_by_carrier(address)
    )


def _shown(call: ApiRequest, document: str, provision_requested_at: float | None) -> str:
    location = json.loads(document)
    location["primary_did_id"] = location["primary_did"]
    location["e911_status"] = _e911_status(
        call.runtime, call.tenant, location["address"], provision_requested_at
    )
    return to_json(location)


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    body = call.body
    primary_did = body.get("primary_did")
    _check_primary_did(call, account_id, primary_did)
    stamp = _stamp(call.runtime, call.tenant)
    location_id = call.runtime.ids.new("loc")
    document = to_json(
        {
            "id": location_id,
            "object": "location",
            "name": body["name"],
            "address": _address(body["address"]),
            "primary_did": primary_did,
            "status": "active",
            "config": body.get("config", {}),
            "created_at": stamp,
            "updated_at": stamp,
        }
    )
    call.runtime.state(LocationTables).insert(call.tenant, account_id, location_id, document)
    return 201, _shown(call, document, None)


def retrieve(call: ApiRequest) -> Reply:
    stored = call.runtime.state(LocationTables).find(
        call.tenant, call.account_id(), call.path_params["location_id"]
    )
    return 200, _shown(call, stored.document, stored.provision_requested_at)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    location_id = call.path_params["location_id"]
    tables = call.runtime.state(LocationTables)
    stored = tables.find(call.tenant, account_id, location_id)
    changes = dict(call.body)
    if "primary_did" in changes:
        _check_primary_did(call, account_id, changes["primary_did"])
    before = json.loads(stored.document)["address"]
    if "address" in changes:
        changes["address"] = _address(changes["address"])
    location, document = apply_update(stored.document, changes)
    location["updated_at"] = _stamp(call.runtime, call.tenant)
    document = to_json(location)
    moved = location["address"] != before
    tables.replace(call.tenant, location_id, document, moved=moved)
    return 200, _shown(call, document, None if moved else stored.provision_requested_at)


def delete(call: ApiRequest) -> Reply:
    tables = call.runtime.state(LocationTables)
    location_id = call.path_params["location_id"]
    tables.find(call.tenant, call.account_id(), location_id)
    tables.delete(call.tenant, location_id)
    return 204, None


def list_locations(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/locations", f"{call.tenant}|locations|{account_id}", "loc", {})
    tables = call.runtime.state(LocationTables)
    return list_reply(
        call,
        request,
        lambda page: tables.page(call.tenant, account_id, page),
        lambda row: _shown(call, row.document, None if row.extra is None else float(row.extra)),
    )


def validate_e911(call: ApiRequest) -> Reply:
    tables = call.runtime.state(LocationTables)
    location_id = call.path_params["location_id"]
    stored = tables.find(call.tenant, call.account_id(), location_id)
    address = json.loads(stored.document)["address"]
    standardized = e911.standardize(address)
    tables.mark_validated(call.tenant, location_id, to_json(address))
    return 200, to_json({"adjusted": standardized.adjusted, "address": standardized.address})


def provision_e911(call: ApiRequest) -> Reply:
    tables = call.runtime.state(LocationTables)
    location_id = call.path_params["location_id"]
    stored = tables.find(call.tenant, call.account_id(), location_id)
    address = json.loads(stored.document)["address"]
    if stored.validated_address != to_json(address):
        raise Conflict(
            "e911_validation_required",
            "Validate the location's address for E911 (validate-e911) before provisioning it",
            {"id": location_id},
        )
    requested_at = stored.provision_requested_at
    status = _e911_status(call.runtime, call.tenant, address, requested_at)
    if status not in _SETTLED:
        requested_at = call.runtime.clock.now(call.tenant)
        tables.mark_provisioning(call.tenant, location_id, requested_at)
    return 200, _shown(call, stored.document, requested_at)


OPERATIONS = {
    "locations.create": create,
    "locations.list": list_locations,
    "locations.retrieve": retrieve,
    "locations.update": update,
    "locations.delete": delete,
    "locations.validate_e911": validate_e911,
    "locations.provision_e911": provision_e911,
}
