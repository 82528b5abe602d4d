"""Benchmark 3: per-call cost of ``AsyncDialStack.accounts.retrieve`` next to a bare
``httpx2.AsyncClient``, at several concurrencies, against the same stub server process.

At concurrency C, C tasks share N calls; the figure is wall time over N (amortised cost per
call, which is what throughput-bound async code pays)."""

import asyncio
from collections.abc import Awaitable, Callable

import httpx2

from dialstack import AsyncDialStack

from .fairness import HEADERS, check
from .fixtures import ACCOUNT_ID, API_KEY
from .processes import module_command, running
from .results import Row, per_call
from .scale import Scale
from .sidebyside import compare_async

TARGET = 1.10


async def spread(call: Callable[[], Awaitable[object]], calls: int, concurrency: int) -> None:
    """Make ``calls`` calls from ``concurrency`` tasks at once."""
    left = calls

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1  # no await between test and decrement: tasks cannot interleave here
            await call()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def run(scale: Scale) -> list[Row]:
    with running(module_command("benchmarks.stub_server")) as url:
        return asyncio.run(measure(url, scale))


async def measure(url: str, scale: Scale) -> list[Row]:
    target = f"{url}/v1/accounts/{ACCOUNT_ID}"
    calls = scale.calls
    rows: list[Row] = []
    async with (
        AsyncDialStack(api_key=API_KEY, api_url=url, max_network_retries=2, telemetry=True) as sdk,
        httpx2.AsyncClient() as raw,
    ):
        accounts = sdk.accounts

        async def ours() -> None:
            await accounts.retrieve(ACCOUNT_ID)

        async def baseline() -> None:
            check(await raw.get(target, headers=HEADERS))

        for concurrency in scale.concurrencies:
            # Warm up at this concurrency: the pool opens its connections first.
            await spread(ours, scale.warmup_calls, concurrency)
            await spread(baseline, scale.warmup_calls, concurrency)

            def batch(
                call: Callable[[], Awaitable[object]], width: int = concurrency
            ) -> Callable[[], Awaitable[None]]:
                return lambda: spread(call, calls, width)

            pair = await compare_async(batch(ours), batch(baseline), scale.rounds)
            rows.append(
                Row(
                    f"async retrieve, concurrency {concurrency}, per call",
                    per_call(pair.ours.wall, pair.ours.cpu, calls),
                    per_call(pair.baseline.wall, pair.baseline.cpu, calls) + " httpx2.AsyncClient",
                    pair.ratio,
                    f"<= {TARGET:.2f}",
                    pair.ratio <= TARGET,
                )
            )
    return rows
