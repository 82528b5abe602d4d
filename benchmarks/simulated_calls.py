"""Issue 9's emulator limit: a simulated call, request to finished log (recorded, transcribed,
events emitted), costs no more than 3 ordinary creates. One emulator process with its
default storage (an SQLite file); one keep-alive client sends batches of account creates and
of simulated calls in turn, and the row is the median per-round ratio of their times."""

import tempfile
from pathlib import Path

import httpx2

from .fixtures import API_KEY
from .processes import emulator_command, running
from .results import Row, micros
from .scale import Scale
from .sidebyside import compare

TARGET = 3.0  # a simulated call costs at most three creates


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
    return [
        Row(
            "emulator simulated call (recorded, transcribed) vs account create",
            f"{micros(pair.ours.wall / scale.calls)} per call",
            f"{micros(pair.baseline.wall / scale.calls)} per create",
            pair.ratio,
            f"<= {TARGET:.2f}",
            pair.ratio <= TARGET,
        )
    ]
