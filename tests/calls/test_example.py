"""examples/call_logs.py runs against the emulator and prints a recording link that plays."""

import os
import subprocess
import sys
from pathlib import Path

import httpx2

from dialstack.emulator import EmulatorHandle

EXAMPLE = Path(__file__).parents[2] / "examples" / "call_logs.py"


def test_the_call_logs_example(dialstack_emulator: EmulatorHandle) -> None:
    env = os.environ | {
        "DIALSTACK_API_URL": dialstack_emulator.url,
        "DIALSTACK_API_KEY": dialstack_emulator.api_key,
    }
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

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
