"""dialstack.webhooks: verification over raw bytes, rotation, tolerance both ways, typed
events, and one exception type for any header and any body (fuzzed)."""

import hashlib
import hmac
import json
import pickle
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dialstack
from dialstack import DialStackError, DialStackSignatureVerificationError
from dialstack.webhooks import (
    CallEventData,
    EventData,
    FaxEventData,
    QueueCallEventData,
    RecordingEventData,
    TranscriptionEventData,
    VoicemailEventData,
    WebhookEvent,
    construct_event,
    generate_test_header,
    verify_header,
)

SECRET = "whsec_0123456789abcdef"
OTHER_SECRET = "whsec_rotated_new_secret"


def event_body(event_type: str = "call.end", **data: Any) -> bytes:
    document = {
        "id": "evt_01jd0000000000000000000000",
        "object": "event",
        "type": event_type,
        "account_id": "acct_01jd0000000000000000000000",
        "livemode": False,
        "created_at": "2026-11-25T12:00:00.000000Z",
        "data": {"call_id": "call_1", "from_number": "+15125550100", **data},
    }
    return json.dumps(document, ensure_ascii=False).encode()


def hand_signed(body: bytes, secret: str, timestamp: int) -> str:
    """The header as the API writes it (``t=<unix s>,v1=<hex HMAC-SHA256 of "t.body">``),
    computed here without the SDK."""
    signed = str(timestamp).encode() + b"." + body
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def reason_of(body: bytes | str, header: Any, secret: str = SECRET, **kwargs: Any) -> str:
    with pytest.raises(DialStackSignatureVerificationError) as caught:
        construct_event(body, header, secret, **kwargs)
    return caught.value.reason


def test_a_signed_event_verifies_and_reads_as_a_typed_event() -> None:
    body = event_body(direction="inbound", started_at="2026-11-25T11:59:00Z", surprise=1)
    header = hand_signed(body, SECRET, int(time.time()))

    event = construct_event(body, header, SECRET)

    assert isinstance(event, WebhookEvent)
    assert (event.id, event.type, event.account_id) == (
        "evt_01jd0000000000000000000000",
        "call.end",
        "acct_01jd0000000000000000000000",
    )
    assert event.created_at == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert isinstance(event.data, CallEventData)
    assert event.data.call_id == "call_1"
    assert event.data.direction == "inbound"
    assert event.data.started_at == datetime(2026, 11, 25, 11, 59, tzinfo=UTC)
    assert event.data.extra == {"surprise": 1}
    assert event.to_dict() == json.loads(body)


def test_unknown_envelope_fields_and_types_are_kept() -> None:
    document = {"id": "evt_1", "type": "brand.new", "api_version": "2027", "data": {"x": [1]}}
    body = json.dumps(document).encode()

    event = construct_event(body, generate_test_header(body, SECRET), SECRET)

    assert event.extra == {"api_version": "2027"}
    assert type(event.data) is EventData
    assert event.data.extra == {"x": [1]}
    assert event.to_dict() == document


@pytest.mark.parametrize(
    ("event_type", "model"),
    [
        ("call.initiated", CallEventData),
        ("call.end", CallEventData),
        ("queue.call.answered", QueueCallEventData),
        ("voicemail.new", VoicemailEventData),
        ("voicemail.transcription.complete", TranscriptionEventData),
        ("recording.transcription.complete", TranscriptionEventData),
        ("recording.available", RecordingEventData),
        ("recording.failed", RecordingEventData),
        ("fax.delivered", FaxEventData),
        ("something.else", EventData),
    ],
)
def test_data_is_typed_by_event_type(event_type: str, model: type[EventData]) -> None:
    body = event_body(event_type)

    event = construct_event(body, generate_test_header(body, SECRET), SECRET)

    assert type(event.data) is model


def test_str_payload_and_bytes_header_are_accepted() -> None:
    body = event_body(from_name="Zoë")
    header = generate_test_header(body, SECRET)

    event = construct_event(body.decode(), header.encode(), SECRET)

    assert isinstance(event.data, CallEventData)
    assert event.data.from_name == "Zoë"


def test_the_test_header_is_the_documented_scheme() -> None:
    body = event_body()

    assert generate_test_header(body, SECRET, timestamp=1697634600) == hand_signed(
        body, SECRET, 1697634600
    )


def test_a_changed_body_does_not_verify() -> None:
    body = event_body()
    header = generate_test_header(body, SECRET)
    reserialised = json.dumps(json.loads(body), indent=1).encode()

    assert reason_of(reserialised, header) == "signature_mismatch"
    assert reason_of(body + b" ", header) == "signature_mismatch"


def test_another_secret_does_not_verify() -> None:
    body = event_body()

    assert reason_of(body, generate_test_header(body, OTHER_SECRET)) == "signature_mismatch"


def test_every_v1_is_considered_so_a_secret_can_be_rotated() -> None:
    body = event_body()
    now = int(time.time())
    old = generate_test_header(body, SECRET, now).split(",")[1]
    new = generate_test_header(body, OTHER_SECRET, now).split(",")[1]
    header = f"t={now},{new},{old},v0=ignored"

    assert (
        construct_event(body, header, SECRET).id == construct_event(body, header, OTHER_SECRET).id
    )
    assert reason_of(body, header, "whsec_neither") == "signature_mismatch"


@pytest.mark.parametrize("offset", [-301, 301, -10_000, 10**9])
def test_a_timestamp_outside_the_tolerance_fails_either_way(offset: int) -> None:
    body = event_body()
    header = generate_test_header(body, SECRET, int(time.time()) + offset)

    assert reason_of(body, header) == "timestamp_outside_tolerance"


@pytest.mark.parametrize("offset", [-290, 290])
def test_a_timestamp_inside_the_tolerance_passes_either_way(offset: int) -> None:
    body = event_body()
    header = generate_test_header(body, SECRET, int(time.time()) + offset)

    verify_header(body, header, SECRET)


def test_the_tolerance_is_the_callers() -> None:
    body = event_body()
    header = generate_test_header(body, SECRET, int(time.time()) - 3600)

    assert reason_of(body, header, tolerance=60) == "timestamp_outside_tolerance"
    assert construct_event(body, header, SECRET, tolerance=7200).type == "call.end"


def test_a_forged_stale_header_says_mismatch_not_stale() -> None:
    body = event_body()
    header = generate_test_header(body, OTHER_SECRET, 1000)

    assert reason_of(body, header) == "signature_mismatch"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing_header"),
        ("", "missing_header"),
        ("   ", "missing_header"),
        ("garbage", "malformed_header"),
        ("v1=" + "a" * 64, "malformed_header"),
        ("t=,v1=" + "a" * 64, "malformed_header"),
        ("t=abc,v1=" + "a" * 64, "malformed_header"),
        ("t=NaN,v1=" + "a" * 64, "malformed_header"),
        ("t=-5,v1=" + "a" * 64, "malformed_header"),
        ("t=+5,v1=" + "a" * 64, "malformed_header"),
        ("t=0017,v1=" + "a" * 64, "malformed_header"),
        ("t=1.5,v1=" + "a" * 64, "malformed_header"),
        ("t=1e9,v1=" + "a" * 64, "malformed_header"),
        ("t=12junk,v1=" + "a" * 64, "malformed_header"),
        ("t=" + "9" * 40 + ",v1=" + "a" * 64, "malformed_header"),
        ("t=1,t=2,v1=" + "a" * 64, "malformed_header"),
        ("t=1,,v1=" + "a" * 64, "malformed_header"),
        ("t=\uff11\uff12,v1=" + "a" * 64, "malformed_header"),
        ("t=1700000000,v1=" + "é" * 64, "malformed_header"),
        ("t=1700000000," + "v1=" + "a" * 64 + "," * 9000, "malformed_header"),
        (b"t=1700000000,v1=\xff", "malformed_header"),
        ("t=1700000000", "no_signature"),
        ("t=1700000000,v0=" + "a" * 64, "no_signature"),
        ("t=1700000000,v1=short", "no_signature"),
        ("t=1700000000,v1=", "no_signature"),
    ],
)
def test_malformed_headers_fail_with_the_one_error(header: Any, reason: str) -> None:
    assert reason_of(event_body(), header) == reason


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'"event"',
        b"{}",
        b'{"id": 1, "type": "call.end"}',
        b'{"id": "evt_1"}',
        b'{"id": "evt_1", "type": "call.end", "data": [1]}',
        b'{"id": "evt_1", "type": "call.end", "created_at": 1e300}',
        b'{"id": "evt_1", "type": "call.end", "created_at": "yesterday"}',
        b'{"id": "evt_1", "type": "call.end", "livemode": "no"}',
        b'{"id": "evt_1", "type": "call.end", "created_at": 99999999999999999999}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": "evt_1", "type": "call.end", "n": ' + b"1" * 5000 + b"}",
    ],
)
def test_a_signed_body_that_is_no_event_fails_with_the_one_error(body: bytes) -> None:
    assert reason_of(body, generate_test_header(body, SECRET)) == "invalid_payload"


def test_an_event_model_reads_like_any_model() -> None:
    document = json.loads(event_body())

    event = WebhookEvent.from_wire(document, "req_1")

    assert event.request_id == "req_1"
    assert dict(event) == document
    assert event == WebhookEvent.from_wire(json.loads(event_body()))
    assert pickle.loads(pickle.dumps(event)).data == event.data
    assert "call_1" in repr(event)


def test_a_bad_timestamp_inside_data_leaves_the_payload_readable() -> None:
    body = event_body("call.end", started_at=1e300)

    event = construct_event(body, generate_test_header(body, SECRET), SECRET)

    assert event.data.to_dict()["started_at"] == 1e300


def test_text_that_is_not_utf8_fails_with_the_one_error() -> None:
    assert reason_of("\ud800", generate_test_header(b"x", SECRET)) == "invalid_payload"


def test_the_error_is_a_dialstack_error_that_pickles() -> None:
    body = event_body()
    with pytest.raises(DialStackError) as caught:
        construct_event(body, "t=1,v1=" + "0" * 64, SECRET)

    error = caught.value
    assert isinstance(error, DialStackSignatureVerificationError)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, DialStackSignatureVerificationError)
    assert copy.reason == error.reason == "signature_mismatch"
    assert SECRET not in str(error) + repr(error)


@pytest.mark.parametrize(
    ("secret", "tolerance", "error"),
    [("", 300, ValueError), (b"", 300, ValueError), (SECRET, -1, ValueError)],
)
def test_caller_mistakes_are_value_errors(secret: Any, tolerance: Any, error: type) -> None:
    body = event_body()
    with pytest.raises(error):
        construct_event(body, generate_test_header(body, "whsec_x"), secret, tolerance)


def test_generate_test_header_refuses_a_bad_timestamp() -> None:
    with pytest.raises(ValueError, match="timestamp"):
        generate_test_header(b"{}", SECRET, timestamp=-1)


def test_the_error_and_module_are_reachable_from_the_package() -> None:
    assert dialstack.DialStackSignatureVerificationError is DialStackSignatureVerificationError
    assert dialstack.webhooks.construct_event is construct_event


def test_importing_the_sdk_does_not_import_the_webhooks_module() -> None:
    code = "import sys, dialstack; print('dialstack.webhooks' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# Headers: text of any kind, and near-misses built from the real header's parts.
_VALID = hand_signed(event_body(), SECRET, 1_700_000_000)
_PARTS = st.sampled_from(
    ["t=1700000000", "t=", "t=0", "v1=", _VALID.split(",")[1], "v0=x", "=", ",", " ", "t=1e3"]
)
_HEADERS = st.one_of(
    st.none(),
    st.text(max_size=300),
    st.binary(max_size=300),
    st.lists(_PARTS, max_size=8).map(",".join),
    st.lists(st.one_of(_PARTS, st.text(max_size=20)), max_size=8).map(",".join),
    st.tuples(st.just(_VALID), st.text(max_size=20)).map("".join),
    st.integers().map(lambda n: f"t={n},v1={'a' * 64}"),
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(header=_HEADERS, body=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_fuzzed_headers_and_bodies_end_in_the_one_error(header: Any, body: bytes | str) -> None:
    with pytest.raises(DialStackSignatureVerificationError):
        construct_event(body, header, SECRET)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_EVENTISH = st.fixed_dictionaries(
    {},
    optional={
        "id": _JSON | st.text(max_size=10),
        "type": _JSON | st.sampled_from(["call.end", "voicemail.new", "fax.x", "queue.call.x"]),
        "created_at": _JSON,
        "account_id": _JSON,
        "data": _JSON
        | st.dictionaries(
            st.sampled_from(["started_at", "call_id", "expires_at", "created_at", "x"]), _JSON
        ),
    },
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(document=_EVENTISH)
def test_fuzzed_signed_bodies_give_an_event_or_the_one_error(document: dict[str, Any]) -> None:
    body = json.dumps(document).encode()
    header = generate_test_header(body, SECRET)
    try:
        event = construct_event(body, header, SECRET)
    except DialStackSignatureVerificationError:
        assert reason_of(body, header) == "invalid_payload"
        return
    # Everything of an accepted event reads without raising.
    repr(event)
    assert json.dumps(event.to_dict()) == json.dumps(document)  # NaN != NaN, its JSON is
    assert isinstance(event.data, EventData)


def test_a_dict_payload_is_a_type_error_whatever_the_header() -> None:
    for header in ("not a header", None, "t=1,v1=" + "0" * 64):
        with pytest.raises(TypeError, match="payload must be bytes or str, not dict"):
            construct_event({"id": "evt_1"}, header, "whsec_x")  # type: ignore[arg-type]
