"""``dialstack.media_stream``: DialStack's frames read into typed events (tolerant of what is
new, strict about what is broken), audio frames built strictly, and the 50 frames/s pacer."""

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialstack.media_stream import (
    FRAME_BYTES,
    FRAME_SECONDS,
    SILENCE,
    AudioEvent,
    AudioFormat,
    BeginEvent,
    MediaStream,
    MediaStreamError,
    Pacer,
    UnknownEvent,
    audio_frame,
    parse_event,
)

_FORMAT = {"encoding": "audio/x-mulaw", "sample_rate": 8000, "channels": 1}
_BEGIN = {"event": "begin", "call_id": "call_1", "account_id": "acct_1", "audio_format": _FORMAT}


def _frame(**message: Any) -> str:
    return json.dumps(message)


def test_begin_and_audio_read_as_typed_events() -> None:
    stream = MediaStream()
    before = (stream.call_id, stream.account_id, stream.audio_format)

    begin = stream.receive(_frame(**_BEGIN, later_field="ignored"))
    audio = stream.receive(
        _frame(event="audio", timestamp=40, payload=base64.b64encode(b"\x01" * 160).decode())
    )

    assert before == (None, None, None)
    assert begin == BeginEvent("call_1", "acct_1", AudioFormat("audio/x-mulaw", 8000, 1))
    assert (stream.call_id, stream.account_id) == ("call_1", "acct_1")
    assert stream.audio_format == AudioFormat("audio/x-mulaw", 8000, 1)
    assert audio == AudioEvent(payload=b"\x01" * 160, timestamp=40)
    assert "payload" not in repr(audio)  # audio is not for logs


def test_a_listeners_frames_carry_their_channel() -> None:
    begin = parse_event(_frame(**_BEGIN, listener_id="lstn_1", channel="both").encode())
    audio = parse_event(_frame(event="audio", timestamp=0, payload="/w==", channel="callee"))

    assert isinstance(begin, BeginEvent)
    assert (begin.listener_id, begin.channel) == ("lstn_1", "both")
    assert audio == AudioEvent(payload=b"\xff", timestamp=0, channel="callee")


@pytest.mark.parametrize(
    ("message", "event"),
    [
        ({"event": "mark", "name": "greeting"}, "mark"),
        ({"event": "dtmf", "digit": "5"}, "dtmf"),
        ({"event": 7}, None),
        ({"type": "audio"}, None),
        ({}, None),
    ],
)
def test_an_event_this_version_does_not_know_is_an_unknown_event(
    message: dict[str, Any], event: str | None
) -> None:
    parsed = parse_event(json.dumps(message))

    assert parsed == UnknownEvent(event, message)


@pytest.mark.parametrize(
    ("frame", "field"),
    [
        ("{not json", None),
        ("[1, 2]", None),
        ('"begin"', None),
        (b"\xff\xfe", None),
        ("[" * 100_000, None),
        (_frame(**{**_BEGIN, "call_id": None}), "call_id"),
        (_frame(**{k: v for k, v in _BEGIN.items() if k != "account_id"}), "account_id"),
        (_frame(**{**_BEGIN, "audio_format": "mulaw"}), "audio_format"),
        (_frame(**{**_BEGIN, "audio_format": {**_FORMAT, "sample_rate": "8k"}}), None),
        (_frame(**{**_BEGIN, "audio_format": {**_FORMAT, "channels": True}}), None),
        (_frame(**{**_BEGIN, "channel": 2}), "channel"),
        (_frame(event="audio", timestamp=0), "payload"),
        (_frame(event="audio", timestamp=0, payload="not base64!"), "payload"),
        (_frame(event="audio", timestamp=0, payload=123), "payload"),
        (_frame(event="audio", payload="/w=="), "timestamp"),
        (_frame(event="audio", timestamp=False, payload="/w=="), "timestamp"),
    ],
)
def test_a_broken_frame_is_a_media_stream_error_naming_its_field(
    frame: str | bytes, field: str | None
) -> None:
    with pytest.raises(MediaStreamError) as raised:
        parse_event(frame)

    assert isinstance(raised.value, ValueError)
    if field is not None:
        assert raised.value.field == field
        assert field in str(raised.value)


def test_a_broken_format_names_the_nested_field() -> None:
    broken = _frame(**{**_BEGIN, "audio_format": {**_FORMAT, "sample_rate": "8k"}})

    with pytest.raises(MediaStreamError) as raised:
        parse_event(broken)

    assert raised.value.field == "audio_format.sample_rate"


@given(st.binary(min_size=FRAME_BYTES, max_size=FRAME_BYTES))
def test_an_audio_frame_reads_back_as_its_audio(payload: bytes) -> None:
    frame = audio_frame(payload)

    assert json.loads(frame) == {"event": "audio", "payload": base64.b64encode(payload).decode()}
    # DialStack's frames carry a timestamp; ours do not need one.
    assert parse_event(frame.replace("{", '{"timestamp":0,', 1)) == AudioEvent(payload, 0)


@pytest.mark.parametrize("size", [0, 1, 159, 161, 320, 8000])
def test_an_audio_frame_of_the_wrong_size_is_a_value_error_naming_payload(size: int) -> None:
    with pytest.raises(ValueError, match=rf"payload must be 160 bytes .* not {size}"):
        MediaStream().audio(b"\0" * size)


@pytest.mark.parametrize("payload", ["\xff" * 160, base64.b64encode(SILENCE).decode(), None])
def test_an_audio_frame_of_anything_but_bytes_is_a_type_error(payload: object) -> None:
    with pytest.raises(TypeError, match="payload must be bytes"):
        audio_frame(payload)  # type: ignore[arg-type]


def test_bytearray_and_memoryview_frames_are_bytes_too() -> None:
    assert (
        audio_frame(bytearray(SILENCE)) == audio_frame(memoryview(SILENCE)) == audio_frame(SILENCE)
    )


def test_the_pacer_puts_frames_on_a_fixed_grid() -> None:
    pacer = Pacer(start=100.0)

    first_wait = pacer.delay(100.0)
    pacer.sent(100.001)
    early = pacer.delay(100.005)
    pacer.sent(100.021)  # a millisecond late: the next is still due at 100.04
    late = pacer.delay(100.05)

    assert first_wait == 0.0
    assert early == pytest.approx(0.015)
    assert pacer.next_due == pytest.approx(100.04)
    assert late == 0.0


def test_a_pacer_far_behind_starts_over_instead_of_bursting() -> None:
    pacer = Pacer(start=0.0)
    pacer.sent(0.0)

    pacer.sent(5.0)  # the sender stalled for five seconds

    assert pacer.next_due == pytest.approx(5.0 + FRAME_SECONDS)


@given(st.lists(st.floats(min_value=0, max_value=FRAME_SECONDS * 10), max_size=200))
def test_frames_sent_when_due_keep_fifty_a_second(lateness: list[float]) -> None:
    pacer = Pacer(start=0.0)
    for late in lateness:
        now = pacer.next_due + pacer.delay(pacer.next_due) + late
        pacer.sent(now)

    assert pacer.next_due == pytest.approx(len(lateness) * FRAME_SECONDS)
