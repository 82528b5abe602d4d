"""Event types, the envelope every event is delivered in, and the canned payloads of
``POST /v1/test_helpers/events``.

Canned payloads follow the shapes of surface.md §3.4: a call event carries the call log
fields and the flat keys the docs' handlers read (``call_id``, ``direction``, ...); queue
events their lifecycle fields; voicemail, recording, transcription and fax events the object
concerned. Ids in them are made up for each event (they name nothing stored).
"""

import json
from collections.abc import Callable
from typing import Any

from .ids import IdFactory
from .spec import document_bytes

EVENT_TYPES: tuple[str, ...] = tuple(
    json.loads(document_bytes())["components"]["schemas"]["CannedEventType"]["enum"]
)
"""Every type the emulator has a canned payload for, as the API description lists them
(``CannedEventType``): what ``test_helpers/events`` can send."""

_CALLER = {"from_number": "+15125550100", "from_name": "Canned Caller", "to_number": "+15125550199"}
_TIME = "2026-01-01T00:00:00.000000Z"


def envelope(
    event_id: str, event_type: str, account_id: str | None, created_at: str, data: Any
) -> str:
    """The JSON text delivered, byte for byte the same on every attempt."""
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "account_id": account_id,
            "livemode": False,
            "created_at": created_at,
            "data": data,
        },
        separators=(",", ":"),
    )


def with_flat_call_keys(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """A call event's payload with ``call_id`` beside the call log's ``id``, for handlers
    written against the Node SDK's flat ``WebhookEvent``."""
    if event_type.startswith("call.") and "call_id" not in data and "id" in data:
        return {"call_id": data["id"], **data}
    return data


def canned(event_type: str, account_id: str, ids: IdFactory) -> dict[str, Any]:
    """A plausible payload for ``event_type`` (one of ``EVENT_TYPES``)."""
    for prefix, build in _BUILDERS:
        if event_type.startswith(prefix):
            return build(event_type, account_id, ids)
    raise KeyError(event_type)


def _call(event_type: str, account_id: str, ids: IdFactory) -> dict[str, Any]:
    call_id = ids.new("call")
    ended = event_type == "call.end"
    return {
        "id": call_id,
        "object": "call",
        "call_id": call_id,
        "account_id": account_id,
        "direction": "inbound",
        **_CALLER,
        "user": None,
        "user_id": None,
        "status": "completed" if ended else None,
        "started_at": _TIME,
        "ended_at": "2026-01-01T00:02:00.000000Z" if ended else None,
        "duration_seconds": 120 if ended else None,
    }


def _queue(event_type: str, _account_id: str, ids: IdFactory) -> dict[str, Any]:
    step = event_type.removeprefix("queue.call.")
    data: dict[str, Any] = {
        "call_id": ids.new("call"),
        "queue_id": ids.new("qu"),
        "queue_name": "Front desk",
        **_CALLER,
        "position_at_admit": 1,
        "wait_seconds": 12,
    }
    if step in ("queued", "dispatched", "answered", "abandoned", "timed_out", "completed"):
        data[f"{step}_at"] = _TIME
    if step in ("answered", "completed"):
        data["agent_user_id"] = ids.new("user")
    if step == "dispatched":
        data.update(agents_claimed=1, targets_dispatched=1)
    return data


def _voicemail(event_type: str, _account_id: str, ids: IdFactory) -> dict[str, Any]:
    voicemail_id = ids.new("vm")
    if event_type.endswith("transcription.complete"):
        return {
            "object": "transcript",
            "voicemail_id": voicemail_id,
            "status": "completed",
            "text": "Hi, this is a canned voicemail. Please call me back.",
        }
    return {
        "id": voicemail_id,
        "object": "voicemail",
        "owner": ids.new("user"),
        "call": ids.new("call"),
        "from_number": _CALLER["from_number"],
        "from_name": _CALLER["from_name"],
        "duration_seconds": 14,
        "audio_url": None,
        "is_read": False,
        "created_at": _TIME,
    }


def _recording(event_type: str, _account_id: str, ids: IdFactory) -> dict[str, Any]:
    call_id = ids.new("call")
    if event_type.endswith("transcription.complete"):
        return {
            "object": "transcript",
            "call_id": call_id,
            "status": "completed",
            "text": "Caller: Hello. Agent: Hi, how can I help?",
        }
    failed = event_type == "recording.failed"
    return {
        "object": "recording",
        "call_id": call_id,
        "status": "failed" if failed else "available",
        "download_url": None,
        "expires_at": None,
        "duration_seconds": None if failed else 120,
    }


def _fax(event_type: str, _account_id: str, ids: IdFactory) -> dict[str, Any]:
    outcome = event_type.removeprefix("fax.")
    return {
        "id": ids.new("fax"),
        "object": "fax",
        "direction": "inbound" if outcome == "received" else "outbound",
        "status": outcome,
        **_CALLER,
        "page_count": 2,
        "created_at": _TIME,
    }


_BUILDERS: tuple[tuple[str, Callable[[str, str, IdFactory], dict[str, Any]]], ...] = (
    ("queue.call.", _queue),
    ("call.", _call),
    ("voicemail.", _voicemail),
    ("recording.", _recording),
    ("fax.", _fax),
)
