"""Real schedules and dial plans for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def schedule(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    body = {"name": "Office hours", "ranges": [{"day": 1, "start": "09:00", "end": "17:00"}]}
    return str(world.http.post("/v1/schedules", json=body, headers=in_account).json()["id"])


def dial_plan(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    body: dict[str, object] = {
        "name": "Main line",
        "entry_node": "bye",
        "nodes": [{"id": "bye", "type": "hang_up", "config": {}}],
    }
    return str(world.http.post("/v1/dialplans", json=body, headers=in_account).json()["id"])
