"""examples/webhooks.py receives and verifies both events it asks for, as a user runs it."""

import os
import re
import subprocess
import sys
from pathlib import Path

from dialstack.emulator import EmulatorHandle
from dialstack.emulator.events import EVENT_TYPES

EXAMPLE = Path(__file__).parents[2] / "examples" / "webhooks.py"
DESCRIPTION = Path(__file__).parents[2] / "api" / "paths" / "test_helpers_events.yaml"


def test_the_example_receives_verified_events(dialstack_emulator: EmulatorHandle) -> None:
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
    assert [line.split()[0] for line in lines[1:]] == ["call.end", "voicemail.new"]
    assert dialstack_emulator.api_key not in done.stdout + done.stderr


def test_the_description_lists_every_canned_type() -> None:

    listed = re.findall(r"^        - ([a-z._]+)$", DESCRIPTION.read_text(), re.MULTILINE)

    assert tuple(listed) == EVENT_TYPES
