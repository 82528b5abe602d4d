"""Webhook endpoints: platform-wide without ``DialStack-Account``, the account's own with it.

Each scope sees only its own endpoints (retrieving a scoped endpoint without the header, or
with another account, is a 404). ``secret`` is in the create answer only. The emulator
takes only test keys, so every endpoint is ``livemode: false`` and hears sandbox events.
"""

import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from ..api_request import Answer, ApiRequest, to_json
from ..errors import SemanticallyInvalid, UnknownParameter, ValidationFailed
from ..pagination import ListRequest, list_body, page_query
from ..runtime import derive_secret
from ..store import PageRows
from ..timestamps import now
from ..webhooks_store import Endpoint

# The description's request checks (track A) run before these handlers once they are in;
# until then, and as a second line, the handlers check what they read themselves.
_EVENT_NAME = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+")
_MAX_URL = 2048
_MAX_EVENTS = 100
_MAX_DESCRIPTION = 5000
_STATUSES = ("enabled", "disabled")
_PAGING = frozenset({"limit", "page", "starting_after", "ending_before"})

Check = Callable[[Any, str], Any]


def _is_text(value: Any) -> bool:
    """A string that is Unicode text (JSON can carry lone surrogates, which no store takes)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def _url(value: Any, name: str) -> Any:
    if not _is_text(value) or len(value) > _MAX_URL:
        raise ValidationFailed(name, f"{name} must be a string of at most {_MAX_URL}")
    if not _has_host(value):  # a string, as described, but no URL a delivery can go to
        raise SemanticallyInvalid(name, f"{name} must be an http:// or https:// URL with a host")
    return value


def _has_host(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _events(value: Any, name: str) -> Any:
    """``*`` or event names shaped ``family.event``: loose, as surface.md §3.5 advises."""
    if not isinstance(value, list):
        raise ValidationFailed(name, f"{name} must be a list of events")
    events: list[Any] = value  # pyright: ignore[reportUnknownVariableType]
    if any(not isinstance(item, str) for item in events):
        raise ValidationFailed(name, f"{name} must be a list of strings")
    if not events or len(events) > _MAX_EVENTS:
        raise SemanticallyInvalid(name, f"{name} must name 1 to {_MAX_EVENTS} events")
    for item in events:
        if item != "*" and (len(item) > 100 or not _EVENT_NAME.fullmatch(item)):
            raise SemanticallyInvalid(name, f"{name} holds {item[:100]!r}: not an event type")
    return list(dict.fromkeys(events))


def _description(value: Any, name: str) -> Any:
    if value is not None and (not _is_text(value) or len(value) > _MAX_DESCRIPTION):
        raise ValidationFailed(name, f"{name} must be null or a string of at most 5000")
    return value


def _status(value: Any, name: str) -> Any:
    if value not in _STATUSES:
        raise ValidationFailed(name, f"{name} must be one of {', '.join(_STATUSES)}")
    return value


_CREATE: dict[str, Check] = {"url": _url, "enabled_events": _events, "description": _description}
_UPDATE: dict[str, Check] = {**_CREATE, "status": _status}


def _checked(
    body: Mapping[str, Any], checks: Mapping[str, Check], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    for key in body:
        if key not in checks:
            raise UnknownParameter(key)
    for key in required:
        if key not in body:
            raise ValidationFailed(key, f"{key} is required")
    return {key: checks[key](value, key) for key, value in body.items()}


def _allow_query(call: ApiRequest, names: frozenset[str] = frozenset()) -> None:
    for name in call.query:
        if name not in names:
            raise UnknownParameter(name)


def _scope(call: ApiRequest) -> str | None:
    """The account whose endpoints these are, or None for the platform's."""
    return call.account_id() if call.account_header else None


async def create(call: ApiRequest) -> Answer:
    _allow_query(call)
    account_id = _scope(call)
    fields = _checked(call.body, _CREATE, required=("url",))
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
    _allow_query(call)
    tables = call.runtime.store.webhooks
    return 200, tables.endpoint_document(
        call.tenant, _scope(call), call.path_params["webhook_endpoint_id"]
    )


async def update(call: ApiRequest) -> Answer:
    _allow_query(call)
    account_id = _scope(call)
    endpoint_id = call.path_params["webhook_endpoint_id"]
    tables = call.runtime.store.webhooks
    changes = _checked(call.body, _UPDATE)
    document = json.loads(tables.endpoint_document(call.tenant, account_id, endpoint_id))
    document.update(changes)
    tables.replace_endpoint(call.tenant, endpoint_id, document)
    return 200, to_json(document)


async def delete(call: ApiRequest) -> Answer:
    _allow_query(call)
    tables = call.runtime.store.webhooks
    tables.delete_endpoint(call.tenant, _scope(call), call.path_params["webhook_endpoint_id"])
    return 204, None


async def list_endpoints(call: ApiRequest) -> Answer:
    _allow_query(call, _PAGING | {"status"})
    account_id = _scope(call)
    status = call.query.get("status")
    if status is not None:
        _status(status, "status")
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
