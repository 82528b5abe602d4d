"""Accounts: create, retrieve, update, delete, list. No account header needed."""

from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.pages import ListRequest, list_reply
from ...core.timestamps import now
from ...core.updates import apply_update
from . import admin_users, terms
from .tables import AccountTables

# The defaults the vendor documents on each setting of its Node SDK's ``AccountConfig``
# (server/src/index.ts); ``default_agent_visible`` null inherits the platform's default.
DEFAULT_CONFIG: dict[str, Any] = {
    "region": "US",
    "extension_length": 4,
    "transcription_enabled": True,
    "recording_enabled": True,
    "redaction_enabled": False,
    "timezone": "UTC",
    "default_agent_visible": None,
}
# The emulator takes only test keys, and a non-live account is never prompted for the terms
# (the vendor's ``Account.tos_status``); ``terms.account_viewer`` answers the status in effect.
SANDBOX_TOS_STATUS = "not_required"


def create(call: ApiRequest) -> Reply:
    # Older clients send only `email`, current ones more: the description requires none.
    fields = call.body
    timestamp = now()
    account_id = call.runtime.ids.new("acct")
    address = fields.get("address", fields.get("billing_address"))
    # "Exactly one address is required at creation and becomes the account's main location"
    # (the vendor's AccountCreateParams); without one there is no location yet.
    main_location_id = None if address is None else call.runtime.ids.new("loc")
    account = {
        "id": account_id,
        "object": "account",
        "email": fields.get("email"),
        "primary_contact_name": fields.get("primary_contact_name"),
        "address": address,
        "pricing": fields.get("pricing"),
        "config": {**DEFAULT_CONFIG, **fields.get("config", {})},
        "hold_music_clip_id": None,
        "main_location_id": main_location_id,
        "default_button_template": None,
        "tos_status": SANDBOX_TOS_STATUS,
        "tos_accepted_at": None,
        "created_at": timestamp,
        "updated_at": timestamp,
    }
    document = to_json(account)
    call.runtime.state(AccountTables).insert(call.tenant, account_id, document)
    owner_email: str | None = fields.get("email")
    if owner_email is not None:
        admin_users.grant(
            call.runtime,
            call.tenant,
            account_id,
            email=owner_email,
            name=fields.get("primary_contact_name"),
            role="owner",
        )
    return 201, terms.account_viewer(call.runtime, call.tenant)(document)


def retrieve(call: ApiRequest) -> Reply:
    document = call.runtime.state(AccountTables).document(
        call.tenant, call.path_params["account_id"]
    )
    return 200, terms.account_viewer(call.runtime, call.tenant)(document)


def update(call: ApiRequest) -> Reply:
    account_id = call.path_params["account_id"]
    accounts = call.runtime.state(AccountTables)
    _, document = apply_update(accounts.document(call.tenant, account_id), dict(call.body))
    accounts.replace(call.tenant, account_id, document)
    return 200, terms.account_viewer(call.runtime, call.tenant)(document)


def delete(call: ApiRequest) -> Reply:
    call.runtime.state(AccountTables).delete(call.tenant, call.path_params["account_id"])
    return 204, None


def list_accounts(call: ApiRequest) -> Reply:
    request = ListRequest("/v1/accounts", f"{call.tenant}|accounts", "acct", {})
    accounts = call.runtime.state(AccountTables)
    view = terms.account_viewer(call.runtime, call.tenant)
    return list_reply(
        call,
        request,
        lambda page: accounts.page(call.tenant, page),
        lambda row: view(row.document),
    )


OPERATIONS = {
    "accounts.create": create,
    "accounts.retrieve": retrieve,
    "accounts.update": update,
    "accounts.delete": delete,
    "accounts.list": list_accounts,
}
