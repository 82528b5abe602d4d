"""Shared voicemail boxes over HTTP, and as routing targets: a call routed to a box is taken
by its voicemail (``Hop.answered_by``), no user rings."""

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.expansion import with_extensions
from ...core.pages import ListRequest, list_reply
from ...core.ports import Hop, RoutedCall
from ...core.runtime import Runtime
from ...core.timestamps import iso
from ...core.updates import apply_update
from .tables import BoxTables

PREFIX = "svm"


class BoxTargets:
    """The router's ``svm`` targets."""

    def __init__(self, tables: BoxTables) -> None:
        self._tables = tables

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        return self._tables.exists(tenant, account_id, target_id)

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        del tenant, account_id, call
        return Hop(answered_by=target_id)


def _stamp(runtime: Runtime, tenant: str) -> str:
    return iso(int(runtime.clock.now(tenant) * 1_000_000_000))


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    stamp = _stamp(call.runtime, call.tenant)
    box_id = call.runtime.ids.new(PREFIX)
    document = to_json(
        {
            "id": box_id,
            "object": "shared_voicemail_box",
            "name": call.body["name"],
            "created_at": stamp,
            "updated_at": stamp,
        }
    )
    call.runtime.state(BoxTables).insert(call.tenant, account_id, box_id, document)
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    box_id = call.path_params["shared_voicemail_box_id"]
    document = call.runtime.state(BoxTables).document(call.tenant, account_id, box_id)
    return 200, with_extensions(call, account_id, document)


def update(call: ApiRequest) -> Reply:
    box_id = call.path_params["shared_voicemail_box_id"]
    tables = call.runtime.state(BoxTables)
    box, _ = apply_update(tables.document(call.tenant, call.account_id(), box_id), dict(call.body))
    box["updated_at"] = _stamp(call.runtime, call.tenant)
    document = to_json(box)
    tables.replace(call.tenant, box_id, document)
    return 200, document


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    box_id = call.path_params["shared_voicemail_box_id"]
    tables = call.runtime.state(BoxTables)
    tables.document(call.tenant, account_id, box_id)
    call.runtime.router.ensure_unreferenced(call.tenant, account_id, box_id)
    tables.delete(call.tenant, box_id)
    return 204, None


def list_boxes(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest(
        "/v1/shared_voicemail_boxes",
        f"{call.tenant}|shared_voicemail_boxes|{account_id}",
        PREFIX,
        {},
    )
    tables = call.runtime.state(BoxTables)
    return list_reply(
        call,
        request,
        lambda page: tables.page(call.tenant, account_id, page),
        lambda row: with_extensions(call, account_id, row.document),
    )


OPERATIONS = {
    "shared_voicemail_boxes.create": create,
    "shared_voicemail_boxes.list": list_boxes,
    "shared_voicemail_boxes.retrieve": retrieve,
    "shared_voicemail_boxes.update": update,
    "shared_voicemail_boxes.delete": delete,
}
