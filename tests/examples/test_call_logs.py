"""examples/call_logs.py runs against the emulator and prints a recording link that plays."""

from collections.abc import Callable
from subprocess import CompletedProcess

import httpx2

from dialstack.emulator import EmulatorHandle


def test_the_call_logs_example(
    run_example: Callable[[str], CompletedProcess[str]], dialstack_emulator: EmulatorHandle
) -> None:
    done = run_example("call_logs")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    statuses = {line.split()[2] for line in lines if line.startswith("  ")}
    link = lines[-1].rsplit(" ", 1)[1]
    audio = httpx2.get(link, trust_env=False)  # no key: the link is signed
    assert statuses == {"completed", "voicemail", "no-answer", "busy"}
    assert "marked 1 voicemail(s) read" in lines
    assert any(line.startswith("transcript (completed): ") for line in lines)
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/wav"
    assert dialstack_emulator.api_key not in done.stdout + done.stderr
