"""Real calls, listeners, voicemails and phone numbers for the description test: simulated
over HTTP."""

from typing import Any

from ...core.service import ExampleWorld

_NOBODY_LISTENS = "ws://127.0.0.1:9/listen"
"""The discard port: the listener's socket fails at once, and the listener stays a record."""


def _simulate(world: ExampleWorld, **scenario: Any) -> tuple[dict[str, str], str]:
    """The account header, and the id of a simulated call of its user's."""
    in_account = {"DialStack-Account": world.example("account_id")}
    body = {"user": world.example("user_id"), **scenario}
    answer = world.http.post("/v1/test_helpers/calls", json=body, headers=in_account)
    return in_account, str(answer.json()["id"])


def call(world: ExampleWorld) -> str:
    """An ended call that had a listener while it was live (stepped time, then real time
    again, which finishes the call)."""
    api_key = world.http.headers["Authorization"].removeprefix("Bearer ")
    world.http.post("/_emulator/clock", json={"api_key": api_key, "mode": "stepped"})
    in_account, call_id = _simulate(world)
    world.http.post(
        f"/v1/calls/{call_id}/listeners", json={"url": _NOBODY_LISTENS}, headers=in_account
    )
    world.http.post("/_emulator/clock", json={"api_key": api_key, "mode": "real"})
    return call_id


def listener(world: ExampleWorld) -> str:
    call_id = world.example("call_id")
    in_account = {"DialStack-Account": world.example("account_id")}
    listed = world.http.get(f"/v1/calls/{call_id}/listeners", headers=in_account).json()
    return str(listed["data"][0]["id"])


def voicemail(world: ExampleWorld) -> str:
    in_account, _ = _simulate(world, scenario={"outcome": "voicemail"})
    listed = world.http.get("/v1/voicemails", headers=in_account).json()
    return str(listed["data"][0]["id"])


def phone_number(world: ExampleWorld) -> str:
    in_account, _ = _simulate(world)  # the first test call gives the account its number
    listed = world.http.get("/v1/phone-numbers", headers=in_account).json()
    return str(listed["data"][0]["id"])
