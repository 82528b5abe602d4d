"""Benchmark 2: per-call cost of ``DialStack.accounts.retrieve`` next to a bare
``httpx2.Client`` sending the same request and decoding the same JSON, both on a keep-alive
connection to the same stub server (in its own process)."""

import httpx2

from dialstack import DialStack

from .fairness import HEADERS, check
from .fixtures import ACCOUNT_ID, API_KEY
from .processes import module_command, running
from .results import Row, per_call
from .scale import Scale
from .sidebyside import compare

TARGET = 1.10


def run(scale: Scale) -> list[Row]:
    with running(module_command("benchmarks.stub_server")) as url:
        return [measure(url, scale)]


def measure(url: str, scale: Scale) -> Row:
    target = f"{url}/v1/accounts/{ACCOUNT_ID}"
    calls = scale.calls
    with (
        DialStack(api_key=API_KEY, api_url=url, max_network_retries=2, telemetry=True) as sdk,
        httpx2.Client() as raw,
    ):
        accounts = sdk.accounts

        def ours(count: int = calls) -> None:
            for _ in range(count):
                accounts.retrieve(ACCOUNT_ID)

        def baseline(count: int = calls) -> None:
            for _ in range(count):
                check(raw.get(target, headers=HEADERS))

        # Warm up: connections open, model converters built, caches filled.
        ours(scale.warmup_calls)
        baseline(scale.warmup_calls)
        pair = compare(ours, baseline, scale.rounds)
    return Row(
        f"sync retrieve, per call ({calls} calls x {scale.rounds} rounds)",
        per_call(pair.ours.wall, pair.ours.cpu, calls),
        per_call(pair.baseline.wall, pair.baseline.cpu, calls) + " httpx2.Client",
        pair.ratio,
        f"<= {TARGET:.2f}",
        pair.ratio <= TARGET,
    )
