"""Every example runs, as a user would run it, against the emulator."""

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from dialstack.emulator import EmulatorHandle

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.py"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_example_runs(
    example: Path,
    run_example: Callable[[str], CompletedProcess[str]],
    dialstack_emulator: EmulatorHandle,
) -> None:
    result = run_example(example.stem)
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
