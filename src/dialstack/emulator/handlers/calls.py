"""Call logs: list, retrieve, transcript, recording (round 1's read methods)."""

import json
from collections.abc import Mapping
from datetime import UTC, datetime

from .. import simulator_documents as documents
from ..api_request import Answer, ApiRequest, to_json
from ..errors import ResourceMissing, ValidationFailed
from ..pagination import PAGING_PARAMETERS, ListRequest, list_body, page_query
from ..store import PageRows
from ..store_calls import CallFilters, CallStore, Rows

_FILTERS = (
    "user",
    "user_id",
    "did",
    "direction",
    "from_number",
    "to_number",
    "status",
    "from_date",
    "to_date",
    "from",
    "to",
    "expand[]",
)


def list_filters(query: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The list's own query parameters, which its page URLs repeat and its tokens bind."""
    return {name: query[name] for name in names if name in query and name not in PAGING_PARAMETERS}


def instant_us(query: Mapping[str, str], name: str) -> int | None:
    """An ISO 8601 filter as Unix microseconds; a date alone is its midnight, UTC."""
    raw = query.get(name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.upper())  # RFC 3339 allows "t" and "z"
    except ValueError:
        raise ValidationFailed(name, f"{name} must be an ISO 8601 date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1_000_000)


def page_rows(rows: Rows, documents_json: list[str]) -> PageRows:
    return PageRows([row.edge for row in rows.rows], documents_json, rows.has_older, rows.has_newer)


async def list_calls(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    query = call.query
    filters = list_filters(query, _FILTERS)
    request = ListRequest(
        "/v1/calls", f"{call.tenant}|calls|{account_id}|{to_json(filters)}", "call", filters
    )
    tokens = call.runtime.page_tokens
    page = page_query(query, tokens, request)
    # The web component sends from/to; the server SDK from_date/to_date (surface.md §7.1).
    from_us = instant_us(query, "from_date" if "from_date" in query else "from")
    to_us = instant_us(query, "to_date" if "to_date" in query else "to")
    wanted = CallFilters(
        user=query.get("user", query.get("user_id")),
        did=query.get("did"),
        direction=query.get("direction"),
        from_number=query.get("from_number"),
        to_number=query.get("to_number"),
        status=query.get("status"),
        from_us=from_us,
        to_us=to_us,
    )
    rows = CallStore(call.runtime.store.connection).call_page(call.tenant, account_id, wanted, page)
    expand_did = "did" in call.params.get("expand[]", ())
    shown = [
        to_json(
            documents.call_log(
                call.runtime,
                call.tenant,
                account_id,
                row.document,
                row.media_path,
                expand_did=expand_did,
            )
        )
        for row in rows.rows
    ]
    return 200, list_body(page_rows(rows, shown), page, tokens, request)


async def retrieve(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    stored = CallStore(call.runtime.store.connection).call(call.tenant, account_id, call_id)
    if stored is None:
        raise ResourceMissing("call", call_id)
    shown = documents.call_log(
        call.runtime,
        call.tenant,
        account_id,
        stored.document,
        stored.recording_path,
        expand_did="did" in call.params.get("expand[]", ()),
    )
    return 200, to_json(shown)


async def retrieve_transcript(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    calls = CallStore(call.runtime.store.connection)
    if calls.call(call.tenant, account_id, call_id) is None:
        raise ResourceMissing("call", call_id)
    transcript = calls.transcript(call.tenant, account_id, call_id)
    if transcript is None:
        raise ResourceMissing("transcript of call", call_id)
    return 200, transcript


async def retrieve_recording(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    calls = CallStore(call.runtime.store.connection)
    if calls.call(call.tenant, account_id, call_id) is None:
        raise ResourceMissing("call", call_id)
    stored = calls.recording(call.tenant, account_id, call_id)
    if stored is None or stored.media_path is None:
        raise ResourceMissing("recording of call", call_id)
    shown = documents.recording(
        call.runtime, call.tenant, json.loads(stored.document), stored.media_path
    )
    return 200, to_json(shown)


OPERATIONS = {
    "calls.list": list_calls,
    "calls.retrieve": retrieve,
    "calls.retrieve_transcript": retrieve_transcript,
    "calls.retrieve_recording": retrieve_recording,
}
