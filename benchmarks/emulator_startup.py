"""Benchmark 5, second half: time from spawning ``dialstack-emulator`` (SQLite file storage)
to its first successful request, next to spawning the bare Starlette app the same way."""

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .processes import emulator_command, module_command, running, wait_until_up
from .results import Row, millis
from .scale import Scale
from .stats import median


def _time_to_first_request(command: Sequence[str], health_path: str) -> float:
    started = time.perf_counter()
    with running(command) as url:
        wait_until_up(url + health_path)
        return time.perf_counter() - started


def run(scale: Scale) -> list[Row]:
    ours: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory() as directory:
        for n in range(scale.startup_runs):
            db = str(Path(directory) / f"startup-{n}.sqlite3")  # a fresh file, as a new user
            ours.append(_time_to_first_request(emulator_command(db), "/_emulator/health"))
            bare.append(_time_to_first_request(module_command("benchmarks.ceiling_app"), "/health"))
    mine, theirs = median(ours), median(bare)
    return [
        Row(
            f"emulator start to first request (median of {scale.startup_runs})",
            millis(mine),
            millis(theirs) + " bare Starlette",
            mine / theirs,
            "",
            None,
        )
    ]
