"""Response enums are ``Literal`` types: a type checker flags a value the API never sends,
while a value this SDK does not know yet still reads at run time.

mypy (``warn_unused_ignores``) and pyright (``reportUnnecessaryTypeIgnoreComment``, on for
this file) both fail the gate if a ``type: ignore`` below stops being needed, that is, if a
checker no longer flags the misspelt value."""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from typing import Any, Literal, assert_type

from dialstack import CallLog, PhoneNumber

CALL: dict[str, Any] = {
    "id": "call_1",
    "user": None,
    "endpoint": None,
    "did": None,
    "direction": "sideways",
    "from_number": "+15550100",
    "from_label": None,
    "to_number": None,
    "to_label": None,
    "started_at": "2026-08-01T12:00:00Z",
    "answered_at": None,
    "connected_at": None,
    "ended_at": None,
    "duration_seconds": None,
    "status": "no-answer",
    "hangup_cause": None,
    "summary": None,
    "recording_url": None,
    "quality_metrics": [],
}


def test_a_misspelt_status_is_a_type_error() -> None:
    call = CallLog.from_wire(CALL)

    assert_type(
        call.status, Literal["completed", "no-answer", "busy", "failed", "voicemail"] | None
    )
    assert call.status == "no-answer"
    misspelt = call.status == "no_answer"  # type: ignore[comparison-overlap]
    assert not misspelt


def test_an_unknown_value_still_reads() -> None:
    call = CallLog.from_wire(CALL)

    assert_type(call.direction, Literal["inbound", "outbound", "internal"])
    unknown = call.direction == "sideways"  # type: ignore[comparison-overlap]
    assert unknown
    number = PhoneNumber.from_wire(
        {
            "id": "did_1",
            "phone_number": "+15550100",
            "status": "porting",
            "created_at": "2026-08-01T12:00:00Z",
        }
    )
    assert_type(number.status, Literal["active", "inactive", "pending", "released"])
    assert str(number.status) == "porting"
