"""Call logs: list, retrieve, transcript, recording."""

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing, ValidationFailed
from ...core.pages import ListRequest, PageQuery, PageRows, list_filters, list_reply
from . import documents
from .tables import CallFilters, CallTables

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


_GREGORIAN_CYCLE_US = 146_097 * 24 * 60 * 60 * 1_000_000
"""400 years of the Gregorian calendar, a whole number of weeks: year 0 read as year 400."""
_LEAP_SECOND = re.compile(r"(?<=[T ]\d\d:\d\d:)60(?=[.,Z+-]|$)")


def instant_us(query: Mapping[str, str], name: str) -> int | None:
    """An ISO 8601 filter as Unix microseconds; a date alone is its midnight, UTC.

    Everything RFC 3339 (the description's format) admits is read: a leap second
    (``23:59:60``) is the start of the next second, as Unix time counts it, and year 0000
    (the proleptic calendar's, a leap year) comes before every call.
    """
    raw = query.get(name)
    if raw is None:
        return None
    text, shift_us = raw.upper(), 0  # RFC 3339 allows "t" and "z"
    if _LEAP_SECOND.search(text):
        text, shift_us = _LEAP_SECOND.sub("59", text, count=1), 1_000_000
    if text.startswith("0000"):
        text, shift_us = "0400" + text[4:], shift_us - _GREGORIAN_CYCLE_US
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(name, f"{name} must be an ISO 8601 date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _us_since_epoch(moment) + shift_us


def _us_since_epoch(moment: datetime) -> int:
    # Exact integers: a float timestamp loses microseconds centuries away from 1970.
    return (moment - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def list_calls(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    query = call.query
    filters = list_filters(query, _FILTERS)
    request = ListRequest(
        "/v1/calls", f"{call.tenant}|calls|{account_id}|{to_json(filters)}", "call", filters
    )
    calls = call.runtime.state(CallTables)

    def fetch(page: PageQuery) -> PageRows:
        # The browser components send from/to; the server SDK from_date/to_date.
        wanted = CallFilters(
            user=query.get("user", query.get("user_id")),
            did=query.get("did"),
            direction=query.get("direction"),
            from_number=query.get("from_number"),
            to_number=query.get("to_number"),
            status=query.get("status"),
            from_us=instant_us(query, "from_date" if "from_date" in query else "from"),
            to_us=instant_us(query, "to_date" if "to_date" in query else "to"),
        )
        return calls.call_page(call.tenant, account_id, wanted, page)

    expand_did = "did" in call.params.get("expand[]", ())
    return list_reply(
        call,
        request,
        fetch,
        lambda row: to_json(
            documents.call_log(
                call.runtime,
                call.tenant,
                account_id,
                row.document,
                row.extra,
                expand_did=expand_did,
            )
        ),
    )


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    stored = call.runtime.state(CallTables).call(call.tenant, account_id, call_id)
    if stored is None:
        raise ResourceMissing("call", call_id)
    shown = documents.call_log(
        call.runtime,
        call.tenant,
        account_id,
        stored.document,
        stored.media_path,
        expand_did="did" in call.params.get("expand[]", ()),
    )
    return 200, to_json(shown)


def retrieve_transcript(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    calls = call.runtime.state(CallTables)
    if calls.call(call.tenant, account_id, call_id) is None:
        raise ResourceMissing("call", call_id)
    transcript = calls.transcript(call.tenant, account_id, call_id)
    if transcript is None:
        raise ResourceMissing("transcript of call", call_id)
    return 200, transcript


def retrieve_recording(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    call_id = call.path_params["call_id"]
    calls = call.runtime.state(CallTables)
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
