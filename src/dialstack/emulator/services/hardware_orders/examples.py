"""Real orders for the description test, made over HTTP."""

from ...core.service import ExampleWorld
from .catalog import CATALOG


def order(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    lines = {"items": [{"hardware_catalog": CATALOG[0].id, "quantity": 1}]}
    return str(world.http.post("/v1/hardware-orders", json=lines, headers=in_account).json()["id"])


def item(world: ExampleWorld) -> str:
    in_account = {"DialStack-Account": world.example("account_id")}
    found = world.http.get(f"/v1/hardware-orders/{world.example('order')}", headers=in_account)
    return str(found.json()["items"][0]["id"])
