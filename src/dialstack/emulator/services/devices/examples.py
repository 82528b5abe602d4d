"""Real devices, templates, buttons and overrides for the description test, made over HTTP."""

from ...core.service import ExampleWorld


def _in_account(world: ExampleWorld) -> dict[str, str]:
    return {"DialStack-Account": world.example("account_id")}


def device(world: ExampleWorld) -> str:
    body = {"mac_address": "80:5E:0C:00:00:01"}
    answer = world.http.post("/v1/devices", json=body, headers=_in_account(world))
    return str(answer.json()["id"])


def template(world: ExampleWorld) -> str:
    answer = world.http.post(
        "/v1/button_templates", json={"name": "Reception"}, headers=_in_account(world)
    )
    return str(answer.json()["id"])


def button(world: ExampleWorld) -> str:
    body = {"position": 1, "label": "DND", "type": "dnd"}
    path = f"/v1/button_templates/{world.example('template_id')}/buttons"
    return str(world.http.post(path, json=body, headers=_in_account(world)).json()["id"])


def override(world: ExampleWorld) -> str:
    body = {"position": 1, "suppressed": True}
    path = f"/v1/devices/{world.example('device_id')}/button_overrides"
    return str(world.http.post(path, json=body, headers=_in_account(world)).json()["id"])


def dect_base(world: ExampleWorld) -> str:
    body = {"mac_address": "24:9A:D8:00:00:01", "type": "dect_base"}
    answer = world.http.post("/v1/devices", json=body, headers=_in_account(world))
    return str(answer.json()["id"])
