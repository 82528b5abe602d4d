"""Voice apps: the five operations, inside the account the ``DialStack-Account`` header names.

Each app has its own signing secret, shown on every read (the API's type makes it present
always, unlike a webhook endpoint's).
"""

from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.expansion import with_extensions
from ...core.pages import ListRequest, list_reply
from ...core.runtime import derive_secret
from ...core.timestamps import now
from ...core.updates import apply_update
from .tables import VoiceAppTables
from .urls import webhook_url


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    runtime = call.runtime
    url = webhook_url(call.body["url"], "url", runtime.listening_ports)
    app_id = runtime.ids.new("va")
    secret = "whsec_" + derive_secret(runtime.settings.seed, f"voice-app/{app_id}").hex()[:32]
    timestamp = now()
    document = to_json(
        {
            "id": app_id,
            "object": "voice_app",
            "name": call.body["name"],
            "url": url,
            "status": "active",
            "secret": secret,
            "created_at": timestamp,
            "updated_at": timestamp,
        }
    )
    runtime.state(VoiceAppTables).insert_app(
        call.tenant, account_id, app_id, status="active", url=url, secret=secret, document=document
    )
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    tables = call.runtime.state(VoiceAppTables)
    document = tables.app_document(call.tenant, account_id, call.path_params["voice_app_id"])
    return 200, with_extensions(call, account_id, document)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    app_id = call.path_params["voice_app_id"]
    tables = call.runtime.state(VoiceAppTables)
    stored = tables.app_document(call.tenant, account_id, app_id)
    changes: dict[str, Any] = dict(call.body)
    if "url" in changes:
        changes["url"] = webhook_url(changes["url"], "url", call.runtime.listening_ports)
    app, document = apply_update(stored, changes)
    tables.replace_app(call.tenant, app_id, app["status"], app["url"], document)
    return 200, document


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    app_id = call.path_params["voice_app_id"]
    tables = call.runtime.state(VoiceAppTables)
    tables.app_document(call.tenant, account_id, app_id)  # 404 before 409
    call.runtime.router.ensure_unreferenced(call.tenant, account_id, app_id)
    tables.delete_app(call.tenant, account_id, app_id)
    return 204, None


def list_voice_apps(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/voice-apps", f"{call.tenant}|voice_apps|{account_id}", "va", {})
    tables = call.runtime.state(VoiceAppTables)
    return list_reply(
        call,
        request,
        lambda page: tables.app_page(call.tenant, account_id, page),
        lambda row: with_extensions(call, account_id, row.document),
    )


OPERATIONS = {
    "voice_apps.create": create,
    "voice_apps.retrieve": retrieve,
    "voice_apps.update": update,
    "voice_apps.delete": delete,
    "voice_apps.list": list_voice_apps,
}
