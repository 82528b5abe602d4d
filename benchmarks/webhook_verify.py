"""Verifying a webhook: ``dialstack.webhooks.construct_event`` on a 2 KB ``call.end`` event,
next to the floor any verifier pays for the same bytes (the HMAC-SHA256 of the signed text,
one ``hmac.compare_digest``, one ``json.loads``). A second row adds the first read of the
typed ``data``, which ``construct_event`` leaves until it is read."""

import hashlib
import hmac
import json
import time

from dialstack.webhooks import construct_event, generate_test_header

from .results import Row, per_call
from .scale import Scale
from .sidebyside import compare

TARGET = 1.5
SECRET = "whsec_benchmarks_0000000000000000"
_EVENT_BYTES = 2048


def two_kb_event() -> bytes:
    data = {
        "id": "call_01jdn3k8v6f0y9m3q2p7r4s5t6",
        "object": "call",
        "call_id": "call_01jdn3k8v6f0y9m3q2p7r4s5t6",
        "account_id": "acct_01h2xcejqtf2nbrexx3vqjhp41",
        "direction": "inbound",
        "from_number": "+15125550100",
        "from_name": "Ada Lovelace",
        "to_number": "+15125550199",
        "user": "user_01jdn3k8v6f0y9m3q2p7r4s5t7",
        "user_id": "user_01jdn3k8v6f0y9m3q2p7r4s5t7",
        "status": "completed",
        "started_at": "2026-11-25T12:00:00.000000Z",
        "answered_at": "2026-11-25T12:00:05.000000Z",
        "ended_at": "2026-11-25T12:03:00.000000Z",
        "duration_seconds": 175,
        "quality_metrics": [{"mos": 4.3, "jitter_ms": 3, "packet_loss": 0.0}],
        "summary": "",
    }
    event = {
        "id": "evt_01jdn3k8v6f0y9m3q2p7r4s5t8",
        "object": "event",
        "type": "call.end",
        "account_id": "acct_01h2xcejqtf2nbrexx3vqjhp41",
        "livemode": False,
        "created_at": "2026-11-25T12:03:00.000000Z",
        "data": data,
    }
    padding = _EVENT_BYTES - len(json.dumps(event, separators=(",", ":")))
    data["summary"] = ("The caller asked about an appointment. " * 60)[:padding]
    return json.dumps(event, separators=(",", ":")).encode()


def run(scale: Scale) -> list[Row]:
    body = two_kb_event()
    header = generate_test_header(body, SECRET, int(time.time()))
    timestamp, signature = header[2:].split(",v1=")
    key = SECRET.encode()
    calls = scale.calls * 20

    def ours() -> None:
        for _ in range(calls):
            construct_event(body, header, SECRET)

    def ours_and_data() -> None:
        for _ in range(calls):
            _ = construct_event(body, header, SECRET).data

    def floor() -> None:
        for _ in range(calls):
            signed = timestamp.encode() + b"." + body
            hmac.compare_digest(hmac.new(key, signed, hashlib.sha256).hexdigest(), signature)
            json.loads(body)

    ours()
    floor()
    rows: list[Row] = []
    for name, batch, target in (
        (f"construct_event, 2 KB event ({len(body)} B)", ours, TARGET),
        ("construct_event + first read of typed data", ours_and_data, None),
    ):
        pair = compare(batch, floor, scale.rounds)
        bare = per_call(pair.baseline.wall, pair.baseline.cpu, calls)
        rows.append(
            Row(
                name,
                per_call(pair.ours.wall, pair.ours.cpu, calls),
                bare + " hmac + compare_digest + json.loads",
                pair.ratio,
                "" if target is None else f"<= {target:.2f}",
                None if target is None else pair.ratio <= target,
            )
        )
    return rows
