"""schemathesis against a running emulator's /openapi.json: every check, the stateful phase
included, a short run with a fixed seed. Its failures are the emulator disagreeing with its
own description."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dialstack.emulator import Emulator

HERE = Path(__file__).parent / "schemathesis"
KEY = "sk_test_schemathesis_run_0001"


@pytest.fixture
def server() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def test_schemathesis_finds_nothing(server: Emulator, tmp_path: Path) -> None:
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{server.url}/openapi.json",
            "--url",
            server.url,
            "--header",
            f"Authorization: Bearer {KEY}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            "25",
            "--seed",
            "20261125",
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=110,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": str(HERE / "hooks.py")},
    )

    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Stateful" in result.stdout
