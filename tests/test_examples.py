"""Every example runs, as a user would run it, against the emulator."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dialstack.emulator import EmulatorHandle

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_example_runs(example: Path, dialstack_emulator: EmulatorHandle) -> None:
    env = os.environ | {
        "DIALSTACK_API_URL": dialstack_emulator.url,
        "DIALSTACK_API_KEY": dialstack_emulator.api_key,
    }
    result = subprocess.run(
        [sys.executable, str(example)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert dialstack_emulator.api_key not in result.stdout + result.stderr


def test_there_are_the_four_documented_examples() -> None:
    assert {e.stem for e in EXAMPLES} >= {
        "quickstart",
        "async_quickstart",
        "pagination",
        "error_handling",
    }
