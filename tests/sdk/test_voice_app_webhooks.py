"""``construct_voice_app_event``: a voice app's flat webhooks, verified by the same rules as
platform events, and told apart from them."""

import json
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialstack.webhooks import (
    DialStackSignatureVerificationError,
    VoiceAppEvent,
    construct_event,
    construct_voice_app_event,
    generate_test_header,
)

SECRET = "whsec_voiceapp0123456789abcdef"
CALL_RECEIVED = {
    "event": "call.received",
    "call_id": "call_01jabc",
    "account_id": "acct_01jabc",
    "from_number": "+14155550123",
    "from_name": None,
    "to_number": "+14155550100",
}
BODY = json.dumps(CALL_RECEIVED).encode()


def _reason(body: bytes, header: Any, secret: str = SECRET) -> str:
    with pytest.raises(DialStackSignatureVerificationError) as failed:
        construct_voice_app_event(body, header, secret)
    return failed.value.reason


def test_a_signed_call_received_reads_as_a_voice_app_event() -> None:
    event = construct_voice_app_event(BODY, generate_test_header(BODY, SECRET), SECRET)

    assert isinstance(event, VoiceAppEvent)
    assert (event.event, event.call_id, event.account_id) == (
        "call.received",
        "call_01jabc",
        "acct_01jabc",
    )
    assert (event.from_number, event.from_name, event.to_number) == (
        "+14155550123",
        None,
        "+14155550100",
    )
    assert dict(event) == CALL_RECEIVED


def test_call_notify_and_unknown_fields_are_read_too() -> None:
    body = json.dumps({"event": "call.notify", "call_id": "call_01j", "mode": "notify"})

    event = construct_voice_app_event(body, generate_test_header(body, SECRET), SECRET)

    assert event.event == "call.notify"
    assert event["mode"] == "notify"
    assert event.from_number is None


def test_another_secret_or_a_changed_body_does_not_verify() -> None:
    header = generate_test_header(BODY, SECRET)

    assert _reason(BODY, header, "whsec_another") == "signature_mismatch"
    assert _reason(BODY.replace(b"0123", b"0124"), header) == "signature_mismatch"


@pytest.mark.parametrize("offset", [-301, 301, 10_000])
def test_a_timestamp_outside_the_tolerance_fails(offset: int) -> None:
    header = generate_test_header(BODY, SECRET, int(time.time()) + offset)

    assert _reason(BODY, header) == "timestamp_outside_tolerance"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing_header"),
        ("", "missing_header"),
        ("v1=" + "0" * 64, "malformed_header"),
        ("t=1,t=2,v1=" + "0" * 64, "malformed_header"),
        ("t=-5,v1=" + "0" * 64, "malformed_header"),
        ("t=12abc,v1=" + "0" * 64, "malformed_header"),
        ("t=1,garbage", "malformed_header"),
        ("t=1,v1=é", "malformed_header"),
        ("t=1," + "v1=" + "0" * 9000, "malformed_header"),
        ("t=1", "no_signature"),
        ("t=1,v1=abc", "no_signature"),
        ("t=1,v0=" + "0" * 64, "no_signature"),
    ],
)
def test_malformed_headers_fail_with_the_one_error(header: Any, reason: str) -> None:
    assert _reason(BODY, header) == reason


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'"call.received"',
        b'{"call_id": "call_01j"}',
        b'{"event": "call.received"}',
        b'{"event": 7, "call_id": "call_01j"}',
        b'{"event": "call.received", "call_id": "call_01j", "from_number": 5}',
        b"[" * 100_000,
    ],
)
def test_a_signed_body_that_is_no_voice_app_event_fails_with_the_one_error(body: bytes) -> None:
    assert _reason(body, generate_test_header(body, SECRET)) == "invalid_payload"


def test_the_two_families_are_told_apart() -> None:
    envelope = json.dumps({"id": "evt_01j", "type": "call.end", "data": {}}).encode()

    with pytest.raises(DialStackSignatureVerificationError) as as_event:
        construct_event(BODY, generate_test_header(BODY, SECRET), SECRET)
    assert as_event.value.reason == "invalid_payload"
    assert _reason(envelope, generate_test_header(envelope, SECRET)) == "invalid_payload"


@given(body=st.binary(max_size=300), header=st.text(max_size=200))
def test_any_body_and_header_end_in_an_event_or_the_one_error(body: bytes, header: str) -> None:
    with pytest.raises(DialStackSignatureVerificationError):
        construct_voice_app_event(body, header, SECRET)  # no header this text makes verifies
    try:
        event = construct_voice_app_event(body, generate_test_header(body, SECRET), SECRET)
        outcome = f"{type(event.event).__name__} {type(event.call_id).__name__}"
    except DialStackSignatureVerificationError as refused:
        outcome = refused.reason
    assert outcome in {"str str", "invalid_payload"}
