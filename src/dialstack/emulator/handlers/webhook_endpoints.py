"""Webhook endpoints: platform-wide without ``DialStack-Account``, the account's own with it.

Each scope sees only its own endpoints (retrieving a scoped endpoint without the header, or
with another account, is a 404). ``secret`` is in the create answer only. The emulator
takes only test keys, so every endpoint is ``livemode: false`` and hears sandbox events.
"""

import json
import re
from typing import Any
from urllib.parse import urlsplit

from ..call import Answer, Call, to_json
from ..errors import ValidationFailed
from ..pagination import PAGING_PARAMETERS, ListRequest, list_body, page_query
from ..runtime import derive_secret
from ..store import PageRows
from ..timestamps import now
from ..validation import Obj, Spec, Str, check_fields
from ..webhooks_store import Endpoint

_EVENT_NAME = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+")
_MAX_URL = 2048
_MAX_EVENTS = 100
_MAX_DESCRIPTION = 5000
_STATUSES = ("enabled", "disabled")


class _Url(Spec):
    def check(self, value: Any, name: str) -> Any:
        if not isinstance(value, str) or len(value) > _MAX_URL or not _has_host(value):
            raise ValidationFailed(
                name, f"{name} must be an http:// or https:// URL with a host (at most {_MAX_URL})"
            )
        return value


def _has_host(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class _Events(Spec):
    """``*`` or event names shaped ``family.event``: loose, as surface.md §3.5 advises."""

    def check(self, value: Any, name: str) -> Any:
        if not isinstance(value, list):
            raise ValidationFailed(name, f"{name} must be a list of events")
        events: list[Any] = value  # pyright: ignore[reportUnknownVariableType]
        if not events or len(events) > _MAX_EVENTS:
            raise ValidationFailed(name, f"{name} must be a list of 1 to {_MAX_EVENTS} events")
        for item in events:
            if item != "*" and (
                not isinstance(item, str) or len(item) > 100 or not _EVENT_NAME.fullmatch(item)
            ):
                raise ValidationFailed(name, f"{name} holds {str(item)[:100]!r}: not an event")
        return list(dict.fromkeys(events))


class _Description(Spec):
    def check(self, value: Any, name: str) -> Any:
        Str(nullable=True).check(value, name)
        if isinstance(value, str) and len(value) > _MAX_DESCRIPTION:
            raise ValidationFailed(name, f"{name} is longer than {_MAX_DESCRIPTION} characters")
        return value


class _Status(Spec):
    def check(self, value: Any, name: str) -> Any:
        if value not in _STATUSES:
            raise ValidationFailed(name, f"{name} must be one of {', '.join(_STATUSES)}")
        return value


_CREATE = Obj(
    {"url": _Url(), "enabled_events": _Events(), "description": _Description()},
    required=("url",),
)
_UPDATE = Obj(
    {
        "url": _Url(),
        "enabled_events": _Events(),
        "status": _Status(),
        "description": _Description(),
    }
)
_LIST_PARAMETERS = PAGING_PARAMETERS | {"status"}


def _scope(call: Call) -> str | None:
    """The account whose endpoints these are, or None for the platform's."""
    return call.account_id() if call.account_header else None


async def create(call: Call) -> Answer:
    call.allow_query()
    account_id = _scope(call)
    fields = check_fields(_CREATE, call.body)
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


async def retrieve(call: Call) -> Answer:
    call.allow_query()
    tables = call.runtime.store.webhooks
    return 200, tables.endpoint_document(
        call.tenant, _scope(call), call.path_params["webhook_endpoint_id"]
    )


async def update(call: Call) -> Answer:
    call.allow_query()
    account_id = _scope(call)
    endpoint_id = call.path_params["webhook_endpoint_id"]
    tables = call.runtime.store.webhooks
    changes = check_fields(_UPDATE, call.body)
    document = json.loads(tables.endpoint_document(call.tenant, account_id, endpoint_id))
    document.update(changes)
    tables.replace_endpoint(call.tenant, endpoint_id, document)
    return 200, to_json(document)


async def delete(call: Call) -> Answer:
    call.allow_query()
    tables = call.runtime.store.webhooks
    tables.delete_endpoint(call.tenant, _scope(call), call.path_params["webhook_endpoint_id"])
    return 204, None


async def list_endpoints(call: Call) -> Answer:
    call.allow_query(_LIST_PARAMETERS)
    account_id = _scope(call)
    status = call.query.get("status")
    if status is not None:
        _Status().check(status, "status")
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
