"""schemathesis against a running emulator's /openapi.json: every check, the stateful phase
included, 60 examples per operation for each of three fixed seeds, the seeds in parallel
processes. Its failures are the emulator disagreeing with its own description."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dialstack.emulator import Emulator

HERE = Path(__file__).parent / "schemathesis"
SEEDS = (20261125, 20261126, 20261127)
EXAMPLES_PER_OPERATION = 60


@pytest.fixture
def server() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def _run(server: Emulator, seed: int, report_dir: Path) -> "subprocess.Popen[str]":
    """One seed's run, on a platform (key) of its own so the seeds never share state."""
    report_dir.mkdir()
    schemathesis = Path(sys.executable).with_name("schemathesis")
    return subprocess.Popen(
        [
            str(schemathesis),
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{server.url}/openapi.json",
            "--url",
            server.url,
            "--header",
            f"Authorization: Bearer sk_test_schemathesis_seed_{seed}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(EXAMPLES_PER_OPERATION),
            "--seed",
            str(seed),
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--no-color",
            "--report-dir",
            str(report_dir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=report_dir,
        env={**os.environ, "SCHEMATHESIS_HOOKS": str(HERE / "hooks.py")},
    )


# Three seeds of 60 examples take about 2 minutes on two busy cores (the suite's other tests
# take seconds): the suite's 120 s per test would cut the run short.
@pytest.mark.timeout(400)
def test_schemathesis_finds_nothing(server: Emulator, tmp_path: Path) -> None:
    runs = {seed: _run(server, seed, tmp_path / str(seed)) for seed in SEEDS}
    outputs: dict[int, tuple[int, str]] = {}
    try:
        for seed, process in runs.items():
            output, _ = process.communicate(timeout=300)
            outputs[seed] = (process.returncode, output)
    finally:
        for process in runs.values():
            if process.poll() is None:
                process.kill()
                process.wait()

    for seed, (returncode, output) in outputs.items():
        assert returncode == 0, f"seed {seed}:\n{output[-6000:]}"
        assert "Stateful" in output, f"seed {seed}:\n{output[-2000:]}"
