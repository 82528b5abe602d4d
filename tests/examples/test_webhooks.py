"""examples/webhooks.py receives and verifies both events it asks for, as a user runs it."""

import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from dialstack.emulator import EmulatorHandle
from dialstack.emulator.app import new_runtime
from dialstack.emulator.contract.event_types import EVENT_TYPES
from dialstack.emulator.core.ids import IdFactory
from dialstack.emulator.core.runtime import Settings

DESCRIPTION = Path(__file__).parents[2] / "api" / "paths" / "test_helpers_events.yaml"


def test_the_example_receives_verified_events(
    run_example: Callable[[str], CompletedProcess[str]], dialstack_emulator: EmulatorHandle
) -> None:
    done = run_example("webhooks")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["call.end", "voicemail.new"]
    assert dialstack_emulator.api_key not in done.stdout + done.stderr


def test_every_described_event_type_has_a_canned_payload() -> None:
    listed = re.findall(r"^        - ([a-z._]+)$", DESCRIPTION.read_text(), re.MULTILINE)
    ids = IdFactory(seed=1)
    canned = new_runtime(Settings()).canned_events

    assert tuple(listed) == EVENT_TYPES
    for event_type in listed:
        assert canned[event_type](event_type, "acct_1", ids)
