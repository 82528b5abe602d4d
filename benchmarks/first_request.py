"""What a fresh client costs up to its first answer: a new ``DialStack`` and one retrieve,
next to a new ``httpx2.Client`` and one GET, in a warm interpreter (imports done). This is
what a test suite pays per test when each test makes its own client, as the emulator's
pytest fixtures do. No target in the issue: it is reported to be seen."""

import time
from collections.abc import Callable

import httpx2

from dialstack import DialStack

from .fairness import HEADERS, check
from .fixtures import ACCOUNT_ID, API_KEY
from .processes import module_command, running
from .results import Row, millis
from .scale import Scale
from .sidebyside import in_turn
from .stats import median


def _time(step: Callable[[], None]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def run(scale: Scale) -> list[Row]:
    with running(module_command("benchmarks.stub_server")) as url:
        target = f"{url}/v1/accounts/{ACCOUNT_ID}"

        def ours() -> None:
            with DialStack(api_key=API_KEY, api_url=url) as client:
                client.accounts.retrieve(ACCOUNT_ID)

        def baseline() -> None:
            with httpx2.Client() as client:
                check(client.get(target, headers=HEADERS))

        ours()  # warm-up: every module imported, converters built
        baseline()
        mine: list[float] = []
        theirs: list[float] = []
        for step, runs in in_turn(scale.startup_runs, (ours, mine), (baseline, theirs)):
            runs.append(_time(step))
    sdk, raw = median(mine), median(theirs)
    return [
        Row(
            f"new client + first request (median of {scale.startup_runs})",
            millis(sdk),
            millis(raw) + " new httpx2.Client",
            sdk / raw,
            "",
            None,
        )
    ]
