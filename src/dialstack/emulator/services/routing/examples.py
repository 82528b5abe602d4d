"""Real extensions, ring groups, queues and members for the description test, made over HTTP."""

from ...core.service import ExampleWorld

# The account's default extension_length is 4: one number taken, one free to take.
_TAKEN_NUMBER = "1001"
_FREE_NUMBER = "2002"


def _in_account(world: ExampleWorld) -> dict[str, str]:
    return {"DialStack-Account": world.example("account_id")}


def extension_number(world: ExampleWorld) -> str:
    body = {"number": _TAKEN_NUMBER, "target": world.example("user_id")}
    answer = world.http.post("/v1/extensions", json=body, headers=_in_account(world))
    return str(answer.json()["number"])


def free_number(world: ExampleWorld) -> str:
    del world
    return _FREE_NUMBER


def ring_group(world: ExampleWorld) -> str:
    answer = world.http.post("/v1/ring_groups", json={"name": "Sales"}, headers=_in_account(world))
    return str(answer.json()["id"])


def ring_group_member(world: ExampleWorld) -> str:
    group = world.example("ring_group_id")
    body = {"extension": world.example("extension_number")}
    answer = world.http.post(
        f"/v1/ring_groups/{group}/members", json=body, headers=_in_account(world)
    )
    return str(answer.json()["id"])


def queue(world: ExampleWorld) -> str:
    answer = world.http.post("/v1/queues", json={"name": "Support"}, headers=_in_account(world))
    return str(answer.json()["id"])


def queue_member(world: ExampleWorld) -> str:
    queue_id = world.example("queue_id")
    body = {"user_id": world.example("user_id")}
    answer = world.http.post(
        f"/v1/queues/{queue_id}/members", json=body, headers=_in_account(world)
    )
    return str(answer.json()["id"])
