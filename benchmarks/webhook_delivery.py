"""Webhook delivery from the emulator (its own process, an SQLite file) to a local receiver
(``dialstack.testing.webhooks.WebhookReceiver`` in this process, verifying every event):
throughput of a burst of events, and latency from the triggering request to the receiver's
verified copy, each beside the emulator's plain ``POST /v1/accounts`` on the same
connection. No target: the rows say what a test can expect."""

import tempfile
import time
from pathlib import Path

import httpx2

from dialstack.testing.webhooks import WebhookReceiver

from .processes import emulator_command, running
from .results import Row, millis
from .scale import Scale
from .stats import percentile

API_KEY = "sk_test_benchmarks_webhooks_00000000"


def run(scale: Scale) -> list[Row]:
    burst = scale.calls * 2
    samples = max(10, scale.calls // 2)
    with (
        tempfile.TemporaryDirectory() as directory,
        running(emulator_command(str(Path(directory) / "emulator.sqlite3"))) as url,
        httpx2.Client(
            base_url=url, headers={"Authorization": f"Bearer {API_KEY}"}, trust_env=False
        ) as api,
    ):
        receiver = WebhookReceiver()
        try:
            receiver.register(url, API_KEY)
            account = api.post("/v1/accounts", json={}).json()["id"]
            scope = {"DialStack-Account": account}

            def create() -> None:
                api.post("/v1/accounts", json={}).raise_for_status()

            def send() -> None:
                event = {"event": "call.end"}
                api.post("/v1/test_helpers/events", json=event, headers=scope).raise_for_status()

            # Throughput: a burst of events, until the last one is delivered.
            started = time.perf_counter()
            for _ in range(burst):
                send()
            receiver.flush(timeout=300)
            delivered = receiver.wait_for(burst, timeout=60)
            delivery_rate = len(delivered) / (time.perf_counter() - started)
            started = time.perf_counter()
            for _ in range(burst):
                create()
            create_rate = burst / (time.perf_counter() - started)

            # Latency: one event at a time, request sent to verified copy received.
            latencies: list[float] = []
            creates: list[float] = []
            for _ in range(samples):
                seen = len(receiver.events)
                started = time.perf_counter()
                send()
                receiver.wait_for(seen + 1, timeout=30)
                latencies.append(time.perf_counter() - started)
                started = time.perf_counter()
                create()
                creates.append(time.perf_counter() - started)
        finally:
            receiver.close()

    def summary(values: list[float]) -> str:
        return f"p50 {millis(percentile(values, 0.5))}, p99 {millis(percentile(values, 0.99))}"

    return [
        Row(
            f"webhook delivery throughput ({burst} events)",
            f"{delivery_rate:,.0f} events/s delivered",
            f"{create_rate:,.0f} creates/s emulator create",
            delivery_rate / create_rate,
            "",
            None,
        ),
        Row(
            "webhook latency, trigger to receiver",
            summary(latencies),
            summary(creates) + " emulator create",
            percentile(latencies, 0.5) / percentile(creates, 0.5),
            "",
            None,
        ),
    ]
