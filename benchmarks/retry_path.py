"""Benchmark 6: a retrieve that is answered 503 ``Retry-After: 0`` twice and then 200, next
to one answered 200 at once. The server's ``Retry-After: 0`` means "retry now", so the
backoff sleeps nothing: what remains is three round trips plus the retry machinery, and the
ratio's ideal is 3."""

from itertools import count

from dialstack import DialStack

from .fixtures import ACCOUNT_ID, API_KEY, RETRY_PREFIX
from .processes import module_command, running
from .results import Row, micros
from .scale import Scale
from .sidebyside import compare

SENDS = 3
TARGET = SENDS * 1.10  # three round trips, with the same 10% allowance as the overhead target


def run(scale: Scale) -> list[Row]:
    with running(module_command("benchmarks.stub_server")) as url:
        return [measure(url, scale)]


def measure(url: str, scale: Scale) -> Row:
    calls = max(1, scale.calls // SENDS)
    ids = count()
    with DialStack(api_key=API_KEY, api_url=url, max_network_retries=2, telemetry=True) as sdk:
        accounts = sdk.accounts

        def flaky(number: int = calls) -> None:
            for _ in range(number):
                # A fresh id per call: the server counts failures per id.
                accounts.retrieve(f"{RETRY_PREFIX}{next(ids)}")

        def direct(number: int = calls) -> None:
            for _ in range(number):
                accounts.retrieve(ACCOUNT_ID)

        flaky(scale.warmup_calls)
        direct(scale.warmup_calls)
        pair = compare(flaky, direct, scale.rounds)
    return Row(
        f"retry path: 503, 503, 200 ({calls} calls x {scale.rounds} rounds)",
        micros(pair.ours.wall / calls),
        micros(pair.baseline.wall / calls) + " 200 at once",
        pair.ratio,
        f"<= {TARGET:.2f} (3 sends)",
        pair.ratio <= TARGET,
    )
