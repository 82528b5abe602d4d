"""Canned payloads of the calls' events, for ``POST /v1/test_helpers/events``: a call event
carries the call log fields and the flat keys webhook handlers read (``call_id``,
``direction``, ...); voicemail, recording and transcription events the object concerned."""

from typing import Any

from ...contract.event_types import event_types
from ...core.canned import CANNED_CALLER as _CALLER
from ...core.canned import CANNED_TIME as _TIME
from ...core.canned import CannedEvent
from ...core.ids import IdFactory


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


CANNED_EVENTS: dict[str, CannedEvent] = {
    **dict.fromkeys(event_types("call."), _call),
    **dict.fromkeys(event_types("voicemail."), _voicemail),
    **dict.fromkeys(event_types("recording."), _recording),
}
