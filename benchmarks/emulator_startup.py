"""Benchmark 5, second half: time from spawning ``dialstack-emulator`` (SQLite file storage)
to its first successful request, next to spawning the bare Starlette app the same way."""

import itertools
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .processes import emulator_command, module_command, running, wait_until_up
from .results import Row, millis
from .scale import Scale
from .sidebyside import in_turn
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
        files = (str(Path(directory) / f"startup-{n}.sqlite3") for n in itertools.count())

        def emulator() -> list[str]:
            return emulator_command(next(files))  # a fresh file each run, as a new user has

        def ceiling() -> list[str]:
            return module_command("benchmarks.ceiling_app")

        sides = ((emulator, "/_emulator/health", ours), (ceiling, "/health", bare))
        for command, health_path, runs in in_turn(scale.startup_runs, *sides):
            runs.append(_time_to_first_request(command(), health_path))
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
