"""Voicemails: list, retrieve, mark read or unread, delete, transcript."""

import json

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing
from ...core.pages import ListRequest, list_filters, list_reply
from ...core.timestamps import iso
from . import documents
from .call_logs import instant_us
from .tables import CallTables

_FILTERS = ("owner", "is_read", "from_date", "expand[]")


def list_voicemails(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    query = call.query
    filters = list_filters(query, _FILTERS)
    request = ListRequest(
        "/v1/voicemails", f"{call.tenant}|voicemails|{account_id}|{to_json(filters)}", "vm", filters
    )
    is_read: bool | None = call.params.get("is_read")  # converted by the description's check
    calls = call.runtime.state(CallTables)
    expand_call = "call" in call.params.get("expand[]", ())
    return list_reply(
        call,
        request,
        lambda page: calls.voicemail_page(
            call.tenant,
            account_id,
            page,
            owner=query.get("owner"),
            is_read=is_read,
            from_us=instant_us(query, "from_date"),
        ),
        lambda row: to_json(
            documents.voicemail(
                call.runtime,
                call.tenant,
                account_id,
                row.document,
                row.extra or "",
                expand_call=expand_call,
            )
        ),
    )


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    stored = call.runtime.state(CallTables).voicemail(call.tenant, account_id, voicemail_id)
    if stored is None or stored.media_path is None:
        raise ResourceMissing("voicemail", voicemail_id)
    shown = documents.voicemail(
        call.runtime,
        call.tenant,
        account_id,
        stored.document,
        stored.media_path,
        expand_call="call" in call.params.get("expand[]", ()),
    )
    return 200, to_json(shown)


def update(call: ApiRequest) -> Reply:
    """``is_read: true`` keeps the first read time on a repeat; ``false`` clears it."""
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    calls = call.runtime.state(CallTables)
    stored = calls.voicemail(call.tenant, account_id, voicemail_id)
    if stored is None or stored.media_path is None:
        raise ResourceMissing("voicemail", voicemail_id)
    message = json.loads(stored.document)
    if "is_read" in call.body:
        is_read: bool = call.body["is_read"]
        if not is_read:
            message["read_at"] = None
        elif message["read_at"] is None:
            message["read_at"] = iso(int(call.runtime.clock.now(call.tenant) * 1_000_000_000))
        message["is_read"] = is_read
        calls.replace_voicemail(call.tenant, voicemail_id, is_read, to_json(message))
    shown = documents.voicemail(call.runtime, call.tenant, account_id, message, stored.media_path)
    return 200, to_json(shown)


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    if not call.runtime.state(CallTables).delete_voicemail(call.tenant, account_id, voicemail_id):
        raise ResourceMissing("voicemail", voicemail_id)
    return 204, None


def retrieve_transcript(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    calls = call.runtime.state(CallTables)
    if calls.voicemail(call.tenant, account_id, voicemail_id) is None:
        raise ResourceMissing("voicemail", voicemail_id)
    transcript = calls.transcript(call.tenant, account_id, voicemail_id)
    if transcript is None:
        raise ResourceMissing("transcript of voicemail", voicemail_id)
    return 200, transcript


OPERATIONS = {
    "voicemails.list": list_voicemails,
    "voicemails.retrieve": retrieve,
    "voicemails.update": update,
    "voicemails.delete": delete,
    "voicemails.retrieve_transcript": retrieve_transcript,
}
