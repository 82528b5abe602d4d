"""examples/frontend_backend.py hands out a session the components can use, as a user runs it."""

from collections.abc import Callable
from subprocess import CompletedProcess

from dialstack.emulator import EmulatorHandle


def test_the_session_route_gives_the_browser_a_working_secret_only(
    run_example: Callable[[str], CompletedProcess[str]], dialstack_emulator: EmulatorHandle
) -> None:
    done = run_example("frontend_backend")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("session        for acct_")
    assert lines[1] == "calls          1 listed with the session"
    assert lines[2] == "cors           http://localhost:5173"
    assert dialstack_emulator.api_key not in done.stdout + done.stderr
