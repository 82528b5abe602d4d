"""Accounts: create, retrieve, update, delete, list. No account header needed."""

from typing import Any

from ..api_request import Answer, ApiRequest, Handler, to_json
from ..pagination import ListRequest, list_body, page_query
from ..timestamps import now
from ._update import apply_update

DEFAULT_CONFIG: dict[str, Any] = {
    "region": "US",
    "extension_length": 4,
    "transcription_enabled": False,
    "recording_enabled": False,
    "redaction_enabled": False,
    "timezone": "UTC",
    "default_agent_visible": True,
}


async def create(call: ApiRequest) -> Answer:
    # Seed-era clients send only `email`, current ones more: the description requires none.
    fields = call.body
    timestamp = now()
    account_id = call.runtime.ids.new("acct")
    account = {
        "id": account_id,
        "object": "account",
        "email": fields.get("email"),
        "primary_contact_name": fields.get("primary_contact_name"),
        "address": fields.get("address", fields.get("billing_address")),
        "pricing": fields.get("pricing"),
        "config": {**DEFAULT_CONFIG, **fields.get("config", {})},
        "hold_music_clip_id": None,
        "main_location_id": None,
        "default_button_template": None,
        "tos_status": "unsigned",
        "tos_accepted_at": None,
        "created_at": timestamp,
        "updated_at": timestamp,
    }
    document = to_json(account)
    call.runtime.store.insert_account(call.tenant, account_id, document)
    return 201, document


async def retrieve(call: ApiRequest) -> Answer:
    return 200, call.runtime.store.account(call.tenant, call.path_params["account_id"])


async def update(call: ApiRequest) -> Answer:
    account_id = call.path_params["account_id"]
    store = call.runtime.store
    _, document = apply_update(store.account(call.tenant, account_id), dict(call.body))
    store.replace_account(call.tenant, account_id, document)
    return 200, document


async def delete(call: ApiRequest) -> Answer:
    call.runtime.store.delete_account(call.tenant, call.path_params["account_id"])
    return 204, None


async def list_accounts(call: ApiRequest) -> Answer:
    request = ListRequest("/v1/accounts", f"{call.tenant}|accounts", "acct", {})
    tokens = call.runtime.page_tokens
    page = page_query(call.query, tokens, request)
    rows = call.runtime.store.account_page(call.tenant, page)
    return 200, list_body(rows, page, tokens, request)


OPERATIONS: dict[str, Handler] = {
    "accounts.create": create,
    "accounts.retrieve": retrieve,
    "accounts.update": update,
    "accounts.delete": delete,
    "accounts.list": list_accounts,
}
