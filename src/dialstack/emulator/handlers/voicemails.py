"""Voicemails: list, retrieve, mark read or unread, delete, transcript."""

import json

from .. import simulator_documents as documents
from ..api_request import Answer, ApiRequest, to_json
from ..errors import ResourceMissing
from ..pagination import ListRequest, list_body, page_query
from ..store_calls import CallStore
from ..timestamps import iso
from .calls import instant_us, list_filters, page_rows

_FILTERS = ("owner", "is_read", "from_date", "expand[]")


async def list_voicemails(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    query = call.query
    filters = list_filters(query, _FILTERS)
    request = ListRequest(
        "/v1/voicemails", f"{call.tenant}|voicemails|{account_id}|{to_json(filters)}", "vm", filters
    )
    tokens = call.runtime.page_tokens
    page = page_query(query, tokens, request)
    is_read: bool | None = call.params.get("is_read")  # converted by the description's check
    rows = CallStore(call.runtime.store.connection).voicemail_page(
        call.tenant,
        account_id,
        page,
        owner=query.get("owner"),
        is_read=is_read,
        from_us=instant_us(query, "from_date"),
    )
    expand_call = "call" in call.params.get("expand[]", ())
    shown = [
        to_json(
            documents.voicemail(
                call.runtime,
                call.tenant,
                account_id,
                row.document,
                row.media_path or "",
                expand_call=expand_call,
            )
        )
        for row in rows.rows
    ]
    return 200, list_body(page_rows(rows, shown), page, tokens, request)


async def retrieve(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    stored = CallStore(call.runtime.store.connection).voicemail(
        call.tenant, account_id, voicemail_id
    )
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


async def update(call: ApiRequest) -> Answer:
    """``is_read: true`` keeps the first read time on a repeat; ``false`` clears it."""
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    calls = CallStore(call.runtime.store.connection)
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


async def delete(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    if not CallStore(call.runtime.store.connection).delete_voicemail(
        call.tenant, account_id, voicemail_id
    ):
        raise ResourceMissing("voicemail", voicemail_id)
    return 204, None


async def retrieve_transcript(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    voicemail_id = call.path_params["voicemail_id"]
    calls = CallStore(call.runtime.store.connection)
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
