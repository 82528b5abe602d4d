"""The simulator's cost limits. A simulated call, request to finished log (recorded, transcribed,
events emitted), costs no more than 3 ordinary creates: one emulator process with its
default storage (an SQLite file), one keep-alive client sending batches of account creates
and of simulated calls in turn; the row is the median per-round ratio of their times. And
``calls.list().auto_paging_iter()`` over a long call log (10,000 in the full run) holds no
more memory than over a short one: each walk runs in a fresh interpreter
(``call_logs_walk``) against the same emulator, filled by the simulator."""

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import httpx2

from .fixtures import API_KEY
from .processes import emulator_command, module_command, running
from .results import Row, micros
from .scale import Scale
from .sidebyside import compare

TARGET = 3.0  # a simulated call costs at most three creates
FLAT = 1.10  # the long walk's peak within 10% of the short one's


def _account_with_calls(client: httpx2.Client, calls: int) -> str:
    account = client.post("/v1/accounts", json={}).json()["id"]
    scoped = {"DialStack-Account": account}
    user = client.post("/v1/users", json={}, headers=scoped).json()["id"]
    for _ in range(calls):
        answer = client.post(
            "/v1/test_helpers/calls",
            json={"user": user, "scenario": {"outcome": "busy"}},
            headers=scoped,
        )
        if answer.status_code != 201:
            raise RuntimeError(f"seeding: HTTP {answer.status_code} {answer.text}")
    return str(account)


def _walk(url: str, account: str, items: int, page_size: int) -> dict[str, Any]:
    done = subprocess.run(
        module_command("benchmarks.call_logs_walk", url, account, str(items), str(page_size)),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the walk of {items} call logs failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run(scale: Scale) -> list[Row]:
    with (
        tempfile.TemporaryDirectory() as directory,
        running(emulator_command(str(Path(directory) / "dialstack-emulator.sqlite3"))) as url,
        httpx2.Client(
            base_url=url, headers={"Authorization": f"Bearer {API_KEY}"}, trust_env=False
        ) as client,
    ):
        config = {"recording_enabled": True, "transcription_enabled": True}
        account = client.post("/v1/accounts", json={"config": config}).json()["id"]
        scoped = {"DialStack-Account": account}
        user = client.post("/v1/users", json={"name": "Bench"}, headers=scoped).json()["id"]
        call = {"user": user, "scenario": {"outcome": "answered"}}

        def simulated_calls() -> None:
            for _ in range(scale.calls):
                answer = client.post("/v1/test_helpers/calls", json=call, headers=scoped)
                if answer.status_code != 201:
                    raise RuntimeError(f"simulated call: HTTP {answer.status_code} {answer.text}")

        def creates() -> None:
            for _ in range(scale.calls):
                answer = client.post("/v1/accounts", json={"email": "load@example.com"})
                if answer.status_code != 201:
                    raise RuntimeError(f"create: HTTP {answer.status_code} {answer.text}")

        simulated_calls()  # warm-up: the account's number, every code path loaded
        pair = compare(simulated_calls, creates, scale.rounds)
        short, long = scale.walk_small, scale.walk_middle
        short_walk = _walk(url, _account_with_calls(client, short), short, scale.page_size)
        long_walk = _walk(url, _account_with_calls(client, long), long, scale.page_size)
    peak_ratio = long_walk["peak_bytes"] / short_walk["peak_bytes"]
    return [
        Row(
            "emulator simulated call (recorded, transcribed) vs account create",
            f"{micros(pair.ours.wall / scale.calls)} per call",
            f"{micros(pair.baseline.wall / scale.calls)} per create",
            pair.ratio,
            f"<= {TARGET:.2f}",
            pair.ratio <= TARGET,
        ),
        Row(
            f"calls.list auto_paging_iter peak memory, {long:,} vs {short:,} call logs",
            f"{long_walk['peak_bytes'] / 1024:,.0f} KiB",
            f"{short_walk['peak_bytes'] / 1024:,.0f} KiB",
            peak_ratio,
            f"<= {FLAT:.2f} (flat)",
            peak_ratio <= FLAT,
        ),
    ]
