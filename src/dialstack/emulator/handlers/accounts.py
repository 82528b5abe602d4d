"""Accounts: create, retrieve, update, delete, list. No account header needed."""

from typing import Any

from ..call import Answer, Call, to_json
from ..pagination import PAGING_PARAMETERS, ListRequest, list_body, page_query
from ..timestamps import now
from ..validation import Bool, Int, Obj, Str, check_fields
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

_ADDRESS = Obj(
    {
        name: Str()
        for name in ("street", "city", "state", "postal_code", "country", "address_number", "unit")
    },
    required=(
        "street",
        "city",
        "state",
        "postal_code",
        "country",
    ),
)
_PRICING = Obj(
    {
        name: Int(minimum=0)
        for name in ("per_user_rate", "per_did_rate", "per_voiceai_location_rate")
    }
)
_CONFIG = Obj(
    {
        "region": Str(),
        "extension_length": Int(allowed=range(3, 7)),
        "transcription_enabled": Bool(),
        "recording_enabled": Bool(),
        "redaction_enabled": Bool(),
        "timezone": Str(),
        "default_agent_visible": Bool(),
    }
)
# Seed-era clients send only `email`; current ones more. Both are accepted, so nothing
# is required here, unlike the current API.
_CREATE = Obj(
    {
        "email": Str(email=True),
        "primary_contact_name": Str(),
        "address": _ADDRESS,
        "billing_address": _ADDRESS,
        "pricing": _PRICING,
        "config": _CONFIG,
    }
)
_UPDATE = Obj(
    {
        "email": Str(nullable=True, email=True),
        "primary_contact_name": Str(),
        "config": _CONFIG,
        "hold_music_clip_id": Str(nullable=True),
        "main_location_id": Str(nullable=True),
        "default_button_template": Str(nullable=True),
    }
)


async def create(call: Call) -> Answer:
    call.allow_query()
    fields = check_fields(_CREATE, call.body)
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


async def retrieve(call: Call) -> Answer:
    call.allow_query()
    return 200, call.runtime.store.account(call.tenant, call.path_params["account_id"])


async def update(call: Call) -> Answer:
    call.allow_query()
    account_id = call.path_params["account_id"]
    store = call.runtime.store
    changes = check_fields(_UPDATE, call.body)
    _, document = apply_update(store.account(call.tenant, account_id), changes)
    store.replace_account(call.tenant, account_id, document)
    return 200, document


async def delete(call: Call) -> Answer:
    call.allow_query()
    call.runtime.store.delete_account(call.tenant, call.path_params["account_id"])
    return 204, None


async def list_accounts(call: Call) -> Answer:
    call.allow_query(PAGING_PARAMETERS)
    request = ListRequest("/v1/accounts", f"{call.tenant}|accounts", "acct", {})
    tokens = call.runtime.page_tokens
    page = page_query(call.query, tokens, request)
    rows = call.runtime.store.account_page(call.tenant, page)
    return 200, list_body(rows, page, tokens, request)
