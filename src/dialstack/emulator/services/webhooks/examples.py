"""Real webhook endpoints for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def webhook_endpoint(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    hook = {"url": "https://example.com/hooks"}
    return str(world.http.post("/v1/webhook_endpoints", json=hook, headers=in_account).json()["id"])
