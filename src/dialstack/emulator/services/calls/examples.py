"""Real calls, voicemails and phone numbers for the description test: simulated over HTTP."""

from typing import Any

from ...core.service import ExampleWorld


def _simulate(world: ExampleWorld, **scenario: Any) -> tuple[dict[str, str], str]:
    """The account header, and the id of a simulated call of its user's."""
    in_account = {"DialStack-Account": world.example("account_id")}
    body = {"user": world.example("user_id"), **scenario}
    answer = world.http.post("/v1/test_helpers/calls", json=body, headers=in_account)
    return in_account, str(answer.json()["id"])


def call(world: ExampleWorld) -> str:
    return _simulate(world)[1]


def voicemail(world: ExampleWorld) -> str:
    in_account, _ = _simulate(world, scenario={"outcome": "voicemail"})
    listed = world.http.get("/v1/voicemails", headers=in_account).json()
    return str(listed["data"][0]["id"])


def phone_number(world: ExampleWorld) -> str:
    in_account, _ = _simulate(world)  # the first test call gives the account its number
    listed = world.http.get("/v1/phone-numbers", headers=in_account).json()
    return str(listed["data"][0]["id"])
