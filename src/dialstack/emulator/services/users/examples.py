"""Real users for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def user(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    return str(world.http.post("/v1/users", json={}, headers=in_account).json()["id"])
