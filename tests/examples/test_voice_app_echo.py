"""examples/voice_app_echo.py, as a user runs it: the emulator attaches a live call to the
example's WebSocket server, which echoes the caller's audio until the call ends."""

import re
from collections.abc import Callable
from subprocess import CompletedProcess

import httpx2

from dialstack.emulator import EmulatorHandle


def test_the_voice_app_echoes_the_attached_call(
    run_example: Callable[[str], CompletedProcess[str]], dialstack_emulator: EmulatorHandle
) -> None:
    done = run_example("voice_app_echo")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert {line.split()[0] for line in lines} == {"begin", "attached", "closed", "ended"}
    (closed,) = [line for line in lines if line.startswith("closed")]
    echoed = re.fullmatch(r"closed +1000 after (\d+) frames echoed", closed)
    assert echoed is not None, closed
    assert lines[-1] == "ended    completed after 65 s"
    (stream,) = httpx2.get(
        f"{dialstack_emulator.url}/_emulator/media_streams",
        params={"api_key": dialstack_emulator.api_key},
        trust_env=False,
    ).json()["data"]
    assert stream["kind"] == "attach"
    assert stream["close_reason"] == "the call ended"
    # What the app said back is what the emulator counted, every frame well formed.
    assert stream["frames_received"] == int(echoed[1]) >= 100
    assert stream["frames_refused"] == 0
    assert dialstack_emulator.api_key not in done.stdout + done.stderr
