"""Webhook delivery cost against the delivery history: a quiet tenant's latency, trigger to
its receiver's verified copy, on an emulator whose database already holds N delivered
deliveries of another tenant (written straight into SQLite, so a large N sets up in
seconds), at a small and a large N. The target: flat, at most 2x."""

import tempfile
import time
from pathlib import Path

import httpx2

from dialstack.emulator import Emulator
from dialstack.emulator.app import new_runtime
from dialstack.emulator.core.runtime import Settings
from dialstack.emulator.services.webhooks.events import Webhooks
from dialstack.emulator.services.webhooks.tables import DELIVERED, DeliveryAttempt
from dialstack.testing.webhooks import WebhookReceiver

from .results import Row, millis
from .scale import Scale
from .stats import percentile

_NOISY_TENANT = "benchmark-noisy-tenant"
_LONG_AGO = 1_700_000_000.0


def _with_history(path: str, delivered: int) -> None:
    runtime = new_runtime(Settings(db=path))
    runtime.open()
    tables = runtime.state(Webhooks).tables
    try:
        with runtime.db.transaction():
            for _ in range(delivered):
                event_id, delivery_id = runtime.ids.new("evt"), runtime.ids.new("whdel")
                tables.insert_event(_NOISY_TENANT, event_id, None, "call.end", "{}")
                tables.insert_delivery(
                    _NOISY_TENANT, delivery_id, event_id, "we_history", _LONG_AGO
                )
                attempt = DeliveryAttempt(1, _LONG_AGO, 0.001, 200, None)
                tables.record_attempt(delivery_id, attempt, DELIVERED, None)
    finally:
        runtime.close()


def _quiet_latency(history: int, samples: int) -> float:
    """The quiet tenant's median latency, trigger to verified copy."""
    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "emulator.sqlite3")
        _with_history(path, history)
        with Emulator(db=path) as emulator:
            key = emulator.new_api_key()
            receiver = WebhookReceiver()
            with httpx2.Client(
                base_url=emulator.url, headers={"Authorization": f"Bearer {key}"}, trust_env=False
            ) as api:
                try:
                    receiver.register(emulator.url, key)
                    account = api.post("/v1/accounts", json={}).json()["id"]
                    latencies: list[float] = []
                    for _ in range(samples):
                        seen = len(receiver.events)
                        started = time.perf_counter()
                        api.post(
                            "/v1/test_helpers/events",
                            json={"event": "call.end"},
                            headers={"DialStack-Account": account},
                        ).raise_for_status()
                        receiver.wait_for(seen + 1, timeout=30)
                        latencies.append(time.perf_counter() - started)
                finally:
                    receiver.close()
    return percentile(latencies, 0.5)


def run(scale: Scale) -> list[Row]:
    small, large = scale.walk_small, scale.walk_middle
    samples = max(10, scale.calls // 5)
    quiet_small = _quiet_latency(small, samples)
    quiet_large = _quiet_latency(large, samples)
    ratio = quiet_large / quiet_small
    return [
        Row(
            f"quiet tenant's webhook latency after {large:,} vs {small:,} deliveries by another",
            f"p50 {millis(quiet_large)}",
            f"p50 {millis(quiet_small)}",
            ratio,
            "<= 2x",
            ratio <= 2,
        )
    ]
