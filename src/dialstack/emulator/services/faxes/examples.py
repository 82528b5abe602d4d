"""Real files, fax numbers and faxes for the description test, made over HTTP (a number
takes faxes through the phone numbers' own route, ``POST /v1/phone-numbers/{id}``)."""

import httpx2

from ...core.service import ExampleWorld

_DOCUMENT = b"%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"


def _in_account(world: ExampleWorld) -> dict[str, str]:
    return {"DialStack-Account": world.example("account_id")}


def file(world: ExampleWorld) -> str:
    answer = world.http.post(
        "/v1/files",
        files={"file": ("example.pdf", _DOCUMENT, "application/pdf")},
        data={"purpose": "fax_source"},
        headers=_in_account(world),
    )
    return str(answer.json()["id"])


def fax_number(world: ExampleWorld) -> str:
    key = str(world.http.headers["Authorization"]).removeprefix("Bearer ")
    made = httpx2.post(
        f"{world.http.base_url}/_emulator/phone_numbers",
        json={"api_key": key, "account": world.example("account_id")},
        trust_env=False,
    )
    number_id = str(made.json()["id"])
    world.http.post(
        f"/v1/phone-numbers/{number_id}", json={"fax_enabled": True}, headers=_in_account(world)
    )
    return number_id


def fax(world: ExampleWorld) -> str:
    body = {"file": world.example("file"), "to": "+14155550123", "did": world.example("did")}
    return str(world.http.post("/v1/faxes", json=body, headers=_in_account(world)).json()["id"])
