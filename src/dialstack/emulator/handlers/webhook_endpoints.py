"""Webhook endpoints: platform-wide without ``DialStack-Account``, the account's own with it.

Each scope sees only its own endpoints (retrieving a scoped endpoint without the header, or
with another account, is a 404). ``secret`` is in the create answer only. The emulator
takes only test keys, so every endpoint is ``livemode: false`` and hears sandbox events.
"""

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..api_request import Answer, ApiRequest, to_json
from ..errors import SemanticallyInvalid
from ..pagination import ListRequest, list_body, page_query
from ..runtime import derive_secret
from ..store import PageRows
from ..timestamps import now
from ..webhooks_store import Endpoint


def _deliverable(url: str) -> str:
    """A URL the description admits that a delivery can also reach: a host, a valid port."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        parts = None
    if parts is None or not parts.hostname:
        raise SemanticallyInvalid("url", "url must be an http:// or https:// URL with a host")
    return url


def _fields(body: Mapping[str, Any]) -> dict[str, Any]:
    """The body's fields (checked against the description already), as stored."""
    fields = dict(body)
    if "url" in fields:
        fields["url"] = _deliverable(fields["url"])
    if "enabled_events" in fields:
        fields["enabled_events"] = list(dict.fromkeys(fields["enabled_events"]))
    return fields


def _scope(call: ApiRequest) -> str | None:
    """The account whose endpoints these are, or None for the platform's."""
    return call.account_id() if call.account_header else None


async def create(call: ApiRequest) -> Answer:
    account_id = _scope(call)
    fields = _fields(call.body)
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
    endpoint = Endpoint(
        endpoint_id,
        account_id,
        "enabled",
        fields.get("enabled_events", ["*"]),
        fields["url"],
        secret,
    )
    runtime.store.webhooks.insert_endpoint(call.tenant, endpoint, False, document)
    return 201, to_json({**document, "secret": secret})


async def retrieve(call: ApiRequest) -> Answer:
    tables = call.runtime.store.webhooks
    return 200, tables.endpoint_document(
        call.tenant, _scope(call), call.path_params["webhook_endpoint_id"]
    )


async def update(call: ApiRequest) -> Answer:
    account_id = _scope(call)
    endpoint_id = call.path_params["webhook_endpoint_id"]
    tables = call.runtime.store.webhooks
    changes = _fields(call.body)
    document = json.loads(tables.endpoint_document(call.tenant, account_id, endpoint_id))
    document.update(changes)
    tables.replace_endpoint(call.tenant, endpoint_id, document)
    return 200, to_json(document)


async def delete(call: ApiRequest) -> Answer:
    tables = call.runtime.store.webhooks
    tables.delete_endpoint(call.tenant, _scope(call), call.path_params["webhook_endpoint_id"])
    return 204, None


async def list_endpoints(call: ApiRequest) -> Answer:
    account_id = _scope(call)
    status = call.query.get("status")
    request = ListRequest(
        "/v1/webhook_endpoints",
        f"{call.tenant}|webhook_endpoints|{account_id}|{status}",
        "we",
        {"status": status} if status else {},
    )
    tokens = call.runtime.page_tokens
    page = page_query(call.query, tokens, request)
    found = call.runtime.store.webhooks.endpoint_page(
        call.tenant,
        account_id=account_id,
        status=status,
        limit=page.limit,
        after=page.after,
        before=page.before,
    )
    return 200, list_body(PageRows(*found), page, tokens, request)


OPERATIONS = {
    "webhook_endpoints.create": create,
    "webhook_endpoints.retrieve": retrieve,
    "webhook_endpoints.update": update,
    "webhook_endpoints.delete": delete,
    "webhook_endpoints.list": list_endpoints,
}
