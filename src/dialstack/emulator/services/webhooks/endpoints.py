"""Webhook endpoints: platform-wide without ``DialStack-Account``, the account's own with it.

Each scope sees only its own endpoints (retrieving a scoped endpoint without the header, or
with another account, is a 404). ``secret`` is in the create answer only. The emulator
takes only test keys, so every endpoint is ``livemode: false`` and hears sandbox events.
"""

import json
from collections.abc import Mapping, Set
from typing import Any
from urllib.parse import urlsplit

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import SemanticallyInvalid
from ...core.pages import ListRequest, list_reply
from ...core.runtime import derive_secret
from ...core.self_delivery import names_this_emulator, refusal, target_port
from ...core.timestamps import now
from .events import Webhooks
from .tables import WebhookEndpoint


def _deliverable(url: str, own_ports: Set[int]) -> str:
    """A URL the description admits that a delivery can also reach: a host, a valid port,
    not this emulator (as far as the host says without DNS: each attempt checks again)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        parts = None
    if parts is None or not parts.hostname:
        raise SemanticallyInvalid("url", "url must be an http:// or https:// URL with a host")
    if names_this_emulator(parts, own_ports):
        raise SemanticallyInvalid("url", refusal(target_port(parts)))
    return url


def _fields(body: Mapping[str, Any], own_ports: Set[int]) -> dict[str, Any]:
    """The body's fields (checked against the description already), as stored."""
    fields = dict(body)
    if "url" in fields:
        fields["url"] = _deliverable(fields["url"], own_ports)
    if "enabled_events" in fields:
        fields["enabled_events"] = list(dict.fromkeys(fields["enabled_events"]))
    return fields


def _scope(call: ApiRequest) -> str | None:
    """The account whose endpoints these are, or None for the platform's."""
    return call.account_id() if call.account_header else None


def create(call: ApiRequest) -> Reply:
    account_id = _scope(call)
    fields = _fields(call.body, call.runtime.listening_ports)
    runtime = call.runtime
    endpoint_id = runtime.ids.new("we")
    secret = "whsec_" + derive_secret(runtime.settings.seed, f"webhook/{endpoint_id}").hex()[:32]
    document = {
        "id": endpoint_id,
        "object": "webhook_endpoint",
        "url": fields["url"],
        "livemode": False,
        "enabled_events": fields.get("enabled_events", ["*"]),
        "status": "enabled",
        "description": fields.get("description"),
        "account_id": account_id,
        "created_at": now(),
    }
    endpoint = WebhookEndpoint(
        endpoint_id,
        account_id,
        "enabled",
        fields.get("enabled_events", ["*"]),
        fields["url"],
        secret,
    )
    runtime.state(Webhooks).tables.insert_endpoint(call.tenant, endpoint, False, document)
    return 201, to_json({**document, "secret": secret})


def retrieve(call: ApiRequest) -> Reply:
    tables = call.runtime.state(Webhooks).tables
    return 200, tables.endpoint_document(
        call.tenant, _scope(call), call.path_params["webhook_endpoint_id"]
    )


def update(call: ApiRequest) -> Reply:
    account_id = _scope(call)
    endpoint_id = call.path_params["webhook_endpoint_id"]
    tables = call.runtime.state(Webhooks).tables
    changes = _fields(call.body, call.runtime.listening_ports)
    document = json.loads(tables.endpoint_document(call.tenant, account_id, endpoint_id))
    document.update(changes)
    tables.replace_endpoint(call.tenant, endpoint_id, document)
    return 200, to_json(document)


def delete(call: ApiRequest) -> Reply:
    tables = call.runtime.state(Webhooks).tables
    tables.delete_endpoint(call.tenant, _scope(call), call.path_params["webhook_endpoint_id"])
    return 204, None


def list_endpoints(call: ApiRequest) -> Reply:
    account_id = _scope(call)
    status = call.query.get("status")
    request = ListRequest(
        "/v1/webhook_endpoints",
        f"{call.tenant}|webhook_endpoints|{account_id}|{status}",
        "we",
        {"status": status} if status else {},
    )
    tables = call.runtime.state(Webhooks).tables
    return list_reply(
        call, request, lambda page: tables.endpoint_page(call.tenant, account_id, status, page)
    )


OPERATIONS = {
    "webhook_endpoints.create": create,
    "webhook_endpoints.retrieve": retrieve,
    "webhook_endpoints.update": update,
    "webhook_endpoints.delete": delete,
    "webhook_endpoints.list": list_endpoints,
}
