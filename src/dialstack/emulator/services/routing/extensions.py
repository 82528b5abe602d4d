"""Extensions: the numbers dialled inside an account, keyed by their digits."""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ValidationFailed
from ...core.page_tokens import PageTokens
from ...core.pages import DEFAULT_LIMIT, ListRequest, PageQuery, list_body, list_reply
from ...core.timestamps import now
from .tables import RoutingTables

_DEFAULT_EXTENSION_LENGTH = 4


def _list_request(tenant: str, account_id: str, target: str | None) -> ListRequest:
    filters = {} if target is None else {"target": target}
    return ListRequest(
        "/v1/extensions", f"{tenant}|extensions|{account_id}|{to_json(filters)}", None, filters
    )


def expanded(call: ApiRequest, account_id: str, resource: dict[str, Any]) -> dict[str, Any]:
    """The resource with its ``extensions`` when the query asks ``expand=["extensions"]``."""
    if "extensions" not in call.params.get("expand[]", ()):
        return resource
    return {**resource, "extensions": _extensions_of(call, account_id, resource["id"])}


def _extensions_of(call: ApiRequest, account_id: str, target_id: str) -> dict[str, Any]:
    return call.runtime.extensions.routing_to(call.tenant, account_id, target_id)


class ExtensionDirectory:
    """The core's ``ExtensionDirectory``: the extensions a target is reached through."""

    def __init__(self, tables: RoutingTables, page_tokens: PageTokens) -> None:
        self._tables = tables
        self._page_tokens = page_tokens

    def routing_to(self, tenant: str, account_id: str, target_id: str) -> dict[str, Any]:
        page = PageQuery(DEFAULT_LIMIT)
        rows = self._tables.extension_page(tenant, account_id, target_id, page)
        request = _list_request(tenant, account_id, target_id)
        shown = [row.document for row in rows.rows]
        envelope: dict[str, Any] = json.loads(
            list_body(rows, shown, page, self._page_tokens, request)
        )
        return {**envelope, "url": ""}


def _check_number(call: ApiRequest, account_id: str, number: str) -> None:
    account = json.loads(call.runtime.accounts.document(call.tenant, account_id))
    length = int(account.get("config", {}).get("extension_length", _DEFAULT_EXTENSION_LENGTH))
    if len(number) != length:
        raise ValidationFailed(
            "number", f"Extension numbers of this account have {length} digits, not {len(number)}"
        )


def _check_target(call: ApiRequest, account_id: str, target: str, number: str) -> None:
    if target == number:
        raise ValidationFailed("target", "An extension cannot route calls to itself")
    if not call.runtime.router.exists(call.tenant, account_id, target):
        raise ValidationFailed("target", f"No such routing target in this account: {target!r}")


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    number: str = call.body["number"]
    target: str = call.body["target"]
    _check_number(call, account_id, number)
    _check_target(call, account_id, target, number)
    timestamp = now()
    document = to_json(
        {
            "number": number,
            "target": target,
            "status": "active",
            "created_at": timestamp,
            "updated_at": timestamp,
        }
    )
    tables = call.runtime.state(RoutingTables)
    tables.insert_extension(call.tenant, account_id, number, target, document)
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    number = call.path_params["extension_number"]
    return 200, call.runtime.state(RoutingTables).extension(call.tenant, account_id, number)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    number = call.path_params["extension_number"]
    tables = call.runtime.state(RoutingTables)
    extension = json.loads(tables.extension(call.tenant, account_id, number))
    renamed: str = call.body.get("number", number)
    if renamed != number:
        _check_number(call, account_id, renamed)
        # What dials the old number would reach nothing: refused as a delete would be.
        call.runtime.router.ensure_unreferenced(call.tenant, account_id, number)
    if "target" in call.body or renamed != number:
        _check_target(call, account_id, call.body.get("target", extension["target"]), renamed)
    extension.update(call.body)
    extension["updated_at"] = now()
    document = to_json(extension)
    tables.replace_extension(
        call.tenant,
        account_id,
        number,
        renamed=renamed,
        target=extension["target"],
        document=document,
    )
    return 200, document


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    number = call.path_params["extension_number"]
    tables = call.runtime.state(RoutingTables)
    tables.extension(call.tenant, account_id, number)
    call.runtime.router.ensure_unreferenced(call.tenant, account_id, number)
    tables.delete_extension(call.tenant, account_id, number)
    return 204, None


def list_extensions(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    target = call.query.get("target") or None
    tables = call.runtime.state(RoutingTables)
    return list_reply(
        call,
        _list_request(call.tenant, account_id, target),
        lambda page: tables.extension_page(call.tenant, account_id, target, page),
    )


OPERATIONS = {
    "extensions.create": create,
    "extensions.retrieve": retrieve,
    "extensions.update": update,
    "extensions.delete": delete,
    "extensions.list": list_extensions,
}
