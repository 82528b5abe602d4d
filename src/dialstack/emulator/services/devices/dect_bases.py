"""``/v1/dect-bases``: the DECT bases and their handsets under the routes DialStack's
onboarding component reads, answered from the same devices as ``/v1/devices``."""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing
from ...core.pages import ListRequest, list_reply
from .devices import unpaged
from .registry import shown
from .tables import DeviceTables

_BASE = "dect_base"


def list_bases(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(DeviceTables)
    request = ListRequest("/v1/dect-bases", f"{call.tenant}|dect-bases|{account_id}", None, {})

    def show(document: str) -> str:
        stored = tables.device(call.tenant, account_id, json.loads(document)["id"])
        found = shown(call.runtime, call.tenant, account_id, stored.document, stored.offline_until)
        return to_json(found)

    return list_reply(
        call,
        request,
        lambda page: tables.device_page(call.tenant, account_id, _BASE, None, page),
        lambda row: show(row.document),
    )


def list_handsets(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    base_id = call.path_params["base_id"]
    tables = call.runtime.state(DeviceTables)
    base = tables.device(call.tenant, account_id, base_id)  # another account's: a 404
    if base.document["type"] != _BASE:
        raise ResourceMissing("dect_base", base_id)
    handsets = sorted(tables.handsets(call.tenant, base_id), key=lambda h: h["slot_number"])
    items: list[dict[str, Any]] = []
    for handset in handsets:
        stored = tables.device(call.tenant, account_id, handset["id"])
        items.append(
            shown(call.runtime, call.tenant, account_id, stored.document, stored.offline_until)
        )
    return 200, unpaged(f"/v1/dect-bases/{base_id}/handsets", items)


OPERATIONS = {"dect_bases.list": list_bases, "dect_bases.list_handsets": list_handsets}
