"""Canned payloads of the events no service of their own has yet: queue events carry their
lifecycle fields, fax events the fax."""

from typing import Any

from ...contract.event_types import event_types
from ...core.canned import CANNED_CALLER as _CALLER
from ...core.canned import CANNED_TIME as _TIME
from ...core.canned import CannedEvent
from ...core.ids import IdFactory


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


CANNED_EVENTS: dict[str, CannedEvent] = {
    **dict.fromkeys(event_types("queue.call."), _queue),
    **dict.fromkeys(event_types("fax."), _fax),
}
