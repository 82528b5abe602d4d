"""Verify and read DialStack webhooks: no client, no API key, only the endpoint's secret.

The sender signs every delivery with the header ``X-DialStack-Signature:
t=<unix seconds>,v1=<hex>``: ``v1`` is the lowercase hex HMAC-SHA256, keyed with the
endpoint's secret as UTF-8 (``whsec_`` prefix included), of the timestamp's digits, a
``.``, and the request body's raw bytes.

What this module accepts, exactly (anything else is a
``DialStackSignatureVerificationError`` with a ``reason``, and never another exception):

- the header is ASCII, at most 8 KiB; its parts are separated by ``,``, each ``key=value``
  with optional spaces around it;
- exactly one ``t``: a plain decimal number of seconds (no sign, no leading zeros);
- any number of ``v1``: the body verifies if any one of them matches (so a sender can sign
  with an old and a new secret while a secret is rotated); other keys (``v0``...) are
  ignored;
- the timestamp is at most ``tolerance`` seconds from now, in the past or the future; it is
  checked after the signature, so an authentic but stale delivery says so;
- the body is a JSON object with a string ``id`` and ``type`` (``construct_event``), or
  with a string ``event`` and ``call_id`` (``construct_voice_app_event``).

Two families share these rules: platform events, signed with a webhook endpoint's secret,
and a voice app's own webhooks (``call.received``, ``call.notify``), flat and signed with
the voice app's secret.

Verify the raw body as received: JSON parsed and serialised again will not match.
"""

import hashlib
import hmac
import json
import math
import re
import time
from typing import TypeVar

from ._errors import DialStackError
from ._models import reading
from ._webhook_errors import DialStackSignatureVerificationError, SignatureFailure
from ._webhook_models import (
    CallEventData,
    EventData,
    FaxEventData,
    QueueCallEventData,
    RecordingEventData,
    TranscriptionEventData,
    VoiceAppEvent,
    VoicemailEventData,
    WebhookEvent,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "CallEventData",
    "DialStackSignatureVerificationError",
    "EventData",
    "FaxEventData",
    "QueueCallEventData",
    "RecordingEventData",
    "TranscriptionEventData",
    "VoiceAppEvent",
    "VoicemailEventData",
    "WebhookEvent",
    "construct_event",
    "construct_voice_app_event",
    "generate_test_header",
    "verify_header",
]

SIGNATURE_HEADER = "X-DialStack-Signature"
DEFAULT_TOLERANCE = 300
"""Seconds a signature's timestamp may be away from now, either way."""

_MAX_HEADER = 8192
_TIMESTAMP = re.compile(r"0|[1-9][0-9]{0,17}")
_SIGNATURE_HEX_LENGTH = 64
# What DialStack sends, checked in one step; any other header goes through the full rules.
_COMMON_HEADER = re.compile(r"t=(0|[1-9][0-9]{0,17}),v1=([0-9a-fA-F]{64})")

Payload = bytes | bytearray | memoryview | str
Secret = str | bytes


def construct_event(
    payload: Payload,
    sig_header: str | bytes | None,
    secret: Secret,
    tolerance: float = DEFAULT_TOLERANCE,
) -> WebhookEvent:
    """The event a webhook request carries, once its signature is verified.

    Args:
        payload: the request body exactly as received (bytes, or the text of it).
        sig_header: the ``X-DialStack-Signature`` header's value (None when absent).
        secret: the endpoint's signing secret (``whsec_...``, from its create response).
        tolerance: how many seconds the signature's timestamp may differ from now.

    Raises:
        DialStackSignatureVerificationError: for any header or body that does not verify
            or is not an event; ``reason`` says which.
        ValueError: an empty secret or a negative tolerance (a bug in the caller).
    """
    return _read(WebhookEvent, _verified(payload, sig_header, secret, tolerance), "an event")


def construct_voice_app_event(
    payload: Payload,
    sig_header: str | bytes | None,
    secret: Secret,
    tolerance: float = DEFAULT_TOLERANCE,
) -> VoiceAppEvent:
    """The webhook a voice app's request carries (``call.received``, ``call.notify``), once
    its signature is verified: the same rules as ``construct_event``.

    Args:
        payload: the request body exactly as received (bytes, or the text of it).
        sig_header: the ``X-DialStack-Signature`` header's value (None when absent).
        secret: the voice app's signing secret (``whsec_...``, its ``secret`` field).
        tolerance: how many seconds the signature's timestamp may differ from now.

    Raises:
        DialStackSignatureVerificationError: for any header or body that does not verify
            or is not a voice-app event; ``reason`` says which.
        ValueError: an empty secret or a negative tolerance (a bug in the caller).
    """
    body = _verified(payload, sig_header, secret, tolerance)
    return _read(VoiceAppEvent, body, "a voice-app event")


_Read = TypeVar("_Read", WebhookEvent, VoiceAppEvent)


def _read(model: type[_Read], body: bytes, kind: str) -> _Read:
    try:
        # Strict, unlike API answers: a signed body of another shape is refused here, where
        # a handler would otherwise route on a field it cannot read.
        with reading(strict=True):
            return model.from_wire(json.loads(body))
    # DialStackAPIError: JSON of another shape; RecursionError: nested too deep.
    except (ValueError, RecursionError, DialStackError) as exc:
        raise DialStackSignatureVerificationError(
            f"The webhook is signed but its body is not {kind}: {exc}",
            reason="invalid_payload",
        ) from exc


def verify_header(
    payload: Payload,
    sig_header: str | bytes | None,
    secret: Secret,
    tolerance: float = DEFAULT_TOLERANCE,
) -> None:
    """Check the signature of a webhook request; return quietly when it verifies.

    Same arguments and rules as ``construct_event``, without reading the body as an event.

    Raises:
        DialStackSignatureVerificationError: the header does not verify; ``reason`` says why.
        ValueError: an empty secret or a negative tolerance.
    """
    _verified(payload, sig_header, secret, tolerance)


def generate_test_header(payload: Payload, secret: Secret, timestamp: int | None = None) -> str:
    """The ``X-DialStack-Signature`` value DialStack would send with ``payload``: to test a
    webhook handler without a network (a ``timestamp`` in the past tests the tolerance).

    Args:
        timestamp: Unix seconds; None is now.
    """
    seconds = int(time.time()) if timestamp is None else _unix_seconds(timestamp)
    key = _key(secret)
    try:
        body = _bytes(payload)
    except UnicodeEncodeError as exc:
        raise ValueError("payload must be bytes or text that encodes as UTF-8") from exc
    return f"t={seconds},v1={_sign(key, str(seconds).encode(), body)}"


def _verified(
    payload: Payload, sig_header: str | bytes | None, secret: Secret, tolerance: float
) -> bytes:
    """The body's bytes, once its signature and timestamp check out."""
    key = _key(secret)
    _check_tolerance(tolerance)
    if not isinstance(payload, _PAYLOAD_TYPES):  # pyright: ignore[reportUnnecessaryIsInstance]
        # A wrong argument type is the caller's bug, named before any header is judged.
        raise _payload_type_error(payload)
    timestamp, signatures = _parse(sig_header)
    try:
        body = _bytes(payload)
    except UnicodeEncodeError:
        raise _failure(
            "invalid_payload", "The payload is text that is not UTF-8: pass the raw body bytes"
        ) from None
    expected = _sign(key, timestamp, body)
    # Every candidate is compared, matched or not: the time taken says nothing about which.
    matched = False
    for candidate in signatures:
        matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise _failure(
            "signature_mismatch",
            "No signature in the header matches the body under this secret"
            " (check the secret, and that the body is the raw bytes received)",
        )
    age = time.time() - int(timestamp)
    if abs(age) > tolerance:
        when = "old" if age > 0 else "in the future"
        raise _failure(
            "timestamp_outside_tolerance",
            f"The signature is valid but its timestamp is {abs(age):.0f} s {when},"
            f" more than the tolerance of {tolerance} s",
        )
    return body


def _parse(sig_header: object) -> tuple[bytes, list[str]]:
    """The timestamp's digits and the ``v1`` signatures of a header.

    Raises:
        DialStackSignatureVerificationError: the header is absent, malformed or unsigned.
    """
    if sig_header is not None and not isinstance(sig_header, str | bytes):
        raise TypeError(f"sig_header must be str, bytes or None, not {type(sig_header).__name__}")
    if isinstance(sig_header, str):
        common = _COMMON_HEADER.fullmatch(sig_header)
        if common is not None:
            return common[1].encode(), [common[2].lower()]
    if sig_header is None or not sig_header.strip():
        raise _failure("missing_header", f"No {SIGNATURE_HEADER} header")
    if len(sig_header) > _MAX_HEADER:
        raise _failure("malformed_header", f"The {SIGNATURE_HEADER} header is too long")
    try:
        text = sig_header.decode("ascii") if isinstance(sig_header, bytes) else sig_header
        text.encode("ascii")
    except UnicodeError:
        raise _failure("malformed_header", f"The {SIGNATURE_HEADER} header is not ASCII") from None
    timestamp: str | None = None
    signatures: list[str] = []
    for part in text.split(","):
        key, equals, value = part.strip().partition("=")
        if not equals:
            raise _failure("malformed_header", f"A header part is not key=value: {part[:40]!r}")
        if key == "t":
            if timestamp is not None:
                raise _failure("malformed_header", "The header has more than one timestamp t=")
            timestamp = value
        # A v1 that cannot be 64 hex digits never matches: it is left out of the comparison.
        elif key == "v1" and len(value) == _SIGNATURE_HEX_LENGTH:
            signatures.append(value.lower())
    if timestamp is None:
        raise _failure("malformed_header", "The header has no timestamp t=")
    if _TIMESTAMP.fullmatch(timestamp) is None:
        raise _failure("malformed_header", f"The timestamp is not Unix seconds: {timestamp[:40]!r}")
    if not signatures:
        raise _failure("no_signature", "The header has no v1= signature of 64 hex digits")
    return timestamp.encode(), signatures


def _unix_seconds(timestamp: object) -> int:
    if isinstance(timestamp, bool) or not isinstance(timestamp, int) or timestamp < 0:
        raise ValueError(f"timestamp must be a non-negative int of Unix seconds: {timestamp!r}")
    return timestamp


def _check_tolerance(tolerance: object) -> None:
    if type(tolerance) is int:
        if tolerance < 0:
            raise ValueError(f"tolerance must be zero or more seconds: {tolerance!r}")
        return
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
        raise TypeError(f"tolerance must be a number of seconds: {tolerance!r}")
    if math.isnan(tolerance) or tolerance < 0:
        raise ValueError(f"tolerance must be zero or more seconds: {tolerance!r}")


def _key(secret: object) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode()
    elif not isinstance(secret, bytes):
        raise TypeError(f"secret must be str or bytes, not {type(secret).__name__}")
    if not secret:
        raise ValueError("secret is empty: pass the endpoint's signing secret (whsec_...)")
    return secret


def _bytes(payload: object) -> bytes:
    if isinstance(payload, str):
        return payload.encode()
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, bytearray):
        return bytes(payload)
    if isinstance(payload, memoryview):
        return payload.tobytes()
    raise _payload_type_error(payload)


_PAYLOAD_TYPES = (str, bytes, bytearray, memoryview)


def _payload_type_error(payload: object) -> TypeError:
    return TypeError(f"payload must be bytes or str, not {type(payload).__name__}")


def _sign(key: bytes, timestamp: bytes, body: bytes) -> str:
    return hmac.new(key, b".".join((timestamp, body)), hashlib.sha256).hexdigest()


def _failure(reason: SignatureFailure, message: str) -> DialStackSignatureVerificationError:
    return DialStackSignatureVerificationError(message, reason=reason)
