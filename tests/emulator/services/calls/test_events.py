"""The events the simulator hands to ``runtime.record_event`` at each transition, in order."""

import json
from collections.abc import Iterator
from typing import Any

import pytest

from dialstack.emulator.app import new_runtime
from dialstack.emulator.core.runtime import Runtime, Settings
from dialstack.emulator.services.accounts.tables import AccountTables
from dialstack.emulator.services.calls import simulator
from dialstack.emulator.services.users.tables import UserTables

TENANT = "tenant"
ACCOUNT = "acct_01h2xcejqtf2nbrexx3vqjhp41"
USER = "user_01h2xcejqtf2nbrexx3vqjhp41"

Event = tuple[str, dict[str, Any]]


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    runtime = new_runtime(Settings())
    runtime.open()
    config = {"recording_enabled": True, "transcription_enabled": True}
    account = json.dumps({"id": ACCOUNT, "config": config})
    runtime.state(AccountTables).insert(TENANT, ACCOUNT, account)
    runtime.state(UserTables).insert(
        TENANT, ACCOUNT, USER, name="Ada", email=None, document=json.dumps({"name": "Ada"})
    )
    try:
        yield runtime
    finally:
        runtime.close()


@pytest.fixture
def events(runtime: Runtime) -> list[Event]:
    seen: list[Event] = []

    def sink(tenant: str, account_id: str | None, event_type: str, data: dict[str, Any]) -> str:
        assert (tenant, account_id) == (TENANT, ACCOUNT)
        seen.append((event_type, data))
        return f"evt_{len(seen)}"

    runtime.record_event = sink
    return seen


def _simulate(runtime: Runtime, **body: Any) -> None:
    with runtime.db.transaction():
        simulator.start(runtime, TENANT, ACCOUNT, {"user": USER, **body})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"scenario": {"outcome": "answered"}},
            [
                "call.incoming",
                "call.start",
                "call.ringing",
                "call.answered",
                "call.end",
                "recording.available",
                "recording.transcription.complete",
            ],
        ),
        (
            {"scenario": {"outcome": "voicemail"}},
            [
                "call.incoming",
                "call.start",
                "call.ringing",
                "call.answered",
                "call.end",
                "voicemail.new",
                "voicemail.transcription.complete",
            ],
        ),
        (
            {"scenario": {"outcome": "no-answer"}},
            ["call.incoming", "call.start", "call.ringing", "call.end"],
        ),
        ({"scenario": {"outcome": "busy"}}, ["call.incoming", "call.start", "call.end"]),
        (
            {"direction": "outbound", "to_number": "+15005550104"},
            ["call.initiated", "call.start", "call.end"],
        ),
    ],
)
def test_each_transition_emits_its_event(
    runtime: Runtime, events: list[Event], body: dict[str, Any], expected: list[str]
) -> None:
    _simulate(runtime, **body)

    assert [event_type for event_type, _ in events] == expected


def test_event_data_is_the_object_as_it_was_then(runtime: Runtime, events: list[Event]) -> None:
    _simulate(runtime, scenario={"outcome": "answered"})

    by_type = dict(events)
    assert by_type["call.start"]["status"] is None
    assert by_type["call.end"]["status"] == "completed"
    assert by_type["call.end"]["recording_url"].startswith("http")
    assert by_type["recording.available"]["download_url"].startswith("http")
    assert by_type["recording.transcription.complete"]["status"] == "completed"


def test_stepped_time_emits_as_the_clock_moves(runtime: Runtime, events: list[Event]) -> None:
    runtime.clock.step(TENANT)
    _simulate(runtime, scenario={"outcome": "answered", "ring_seconds": 5, "talk_seconds": 5})
    started = [event_type for event_type, _ in events]

    runtime.clock.advance(5, TENANT)
    with runtime.db.transaction():
        simulator.run_due(runtime, TENANT)
    answered = [event_type for event_type, _ in events][len(started) :]

    assert started == ["call.incoming", "call.start", "call.ringing"]
    assert answered == ["call.answered"]
