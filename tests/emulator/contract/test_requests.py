"""The emulator checks every request against the description before its handler runs; the
SDK's generated methods send what the description says, and refuse a dict passed
positionally."""

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from dialstack import AsyncDialStack, DialStack
from dialstack.emulator import Emulator, EmulatorHandle
from dialstack.emulator.contract.spec import Description


@pytest.fixture(scope="module")
def own_server() -> Iterator[Emulator]:
    with Emulator() as server:
        yield server


def test_an_email_is_checked_in_linear_time(api: httpx2.Client) -> None:
    hostile = "a@" + "." * 40_000 + "@"
    started = time.perf_counter()
    answers = [api.post("/v1/accounts", json={"email": hostile}) for _ in range(20)]
    elapsed = time.perf_counter() - started

    assert {a.status_code for a in answers} == {400}
    assert answers[0].json()["details"] == {"field": "email"}
    assert len(answers[0].json()["error"]) <= 200  # the message does not echo 40 kB
    assert elapsed < 20  # a quadratic check takes minutes here; this is a hang guard only


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"email": "\\ud800@example.com"}', "email"),
        (b'{"config": {"timezone": "\\udfff"}}', "config.timezone"),
        (b'{"\\ud800": 1}', "\\ud800"),
    ],
)
def test_a_lone_surrogate_is_a_400_naming_the_field(
    own_server: Emulator, body: bytes, field: str
) -> None:
    # A server of its own: the request log keeps such bodies, and GET /_emulator/requests
    # of the shared server cannot encode them yet.
    answer = httpx2.post(
        f"{own_server.url}/v1/accounts",
        content=body,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {own_server.new_api_key()}",
        },
        trust_env=False,
    )

    assert answer.status_code == 400
    # Refused where the body is read, before the description's checks: not Unicode text.
    assert answer.json()["code"] == "invalid_json"
    assert answer.json()["details"]["field"] == field


def test_query_values_are_converted_before_they_are_checked(
    api: httpx2.Client, account_id: str
) -> None:
    headers = {"DialStack-Account": account_id}
    user = api.post("/v1/users", json={"name": "E"}, headers=headers).json()

    expanded = api.get(
        f"/v1/users/{user['id']}", params={"expand[]": "extensions"}, headers=headers
    )
    listed = api.get("/v1/users", params={"expand[]": "extensions", "limit": "5"}, headers=headers)
    wrong = api.get(f"/v1/users/{user['id']}", params={"expand[]": "did"}, headers=headers)
    plain = api.get(f"/v1/users/{user['id']}", headers=headers)

    assert expanded.json()["extensions"]["object"] == "list"
    assert listed.json()["data"][0]["extensions"]["data"] == []
    assert "extensions" not in plain.json()
    assert wrong.status_code == 400
    assert wrong.json()["details"] == {"field": "expand[].0"}


def test_the_account_rule_comes_from_the_description(api: httpx2.Client) -> None:
    answer = api.post("/v1/users", json={"name": 7})

    assert answer.status_code == 400
    assert answer.json()["code"] == "missing_account_header"


ALIASED = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/v1/things": {
            "post": {
                "operationId": "things.create",
                "x-dialstack-account": "never",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "user": {"type": "string", "x-dialstack-aliases": ["user_id"]},
                                    "user_id": {"type": "string", "deprecated": True},
                                    "nested": {
                                        "type": "object",
                                        "properties": {
                                            "did": {
                                                "type": "string",
                                                "x-dialstack-aliases": ["did_id"],
                                            },
                                            "did_id": {"type": "string"},
                                        },
                                    },
                                },
                            }
                        }
                    }
                },
                "responses": {"204": {"description": "ok"}},
            }
        }
    },
}


def test_older_spellings_are_folded_into_the_current_one() -> None:
    description = Description(json.dumps(ALIASED).encode())
    [operation] = description.operations
    body = {"user_id": "user_old", "nested": {"did_id": "did_1"}}
    both = {"user": "user_new", "user_id": "user_old"}

    description.check_request(operation, {}, b"", body)
    description.check_request(operation, {}, b"", both)

    assert body == {"user": "user_old", "nested": {"did": "did_1"}}
    assert both == {"user": "user_new"}  # the unsuffixed spelling wins


def test_a_dict_passed_positionally_is_refused_with_the_fix(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    accounts: Any = dialstack_client.accounts  # the mistake type checkers would catch

    with pytest.raises(
        TypeError, match=r"Accounts\.create\(\) takes .*keyword.*create\(\*\*params\)"
    ):
        accounts.create({"email": "a@example.com"})
    with pytest.raises(TypeError, match=r"update\(\*\*params\)"):
        accounts.update("acct_1", {"email": "a@example.com"})
    assert dialstack_emulator.requests() == []


@pytest.mark.anyio
async def test_an_async_method_refuses_a_positional_dict_too(
    async_dialstack_client: AsyncDialStack,
) -> None:
    users: Any = async_dialstack_client.users

    with pytest.raises(TypeError, match=r"retrieve\(\*\*params\)"):
        await users.retrieve("user_1", {"expand": ["extensions"]})


def test_expand_reaches_the_wire_and_comes_back_typed(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(email="x@example.com")
    scoped = dialstack_client.with_options(dialstack_account=account.id)
    created = scoped.users.create(name="X")

    user = scoped.users.retrieve(created.id, expand=["extensions"])

    assert created.extensions is None
    assert user.extensions is not None
    assert user.extensions.data == []
    assert dialstack_emulator.requests()[-1].query == "expand%5B%5D=extensions"
    with pytest.raises(TypeError, match="expand"):
        scoped.users.retrieve(created.id, expand="extensions")  # type: ignore[arg-type]


def test_help_shows_each_parameter_with_its_type_and_meaning() -> None:
    from dialstack.resources.accounts import Accounts

    text = Accounts.update.__doc__ or ""
    assert "account_id (str): The account's id" in text
    assert "hold_music_clip_id (str | None)" in text
    assert "None clears it" in text
    assert "POST /v1/accounts/{account_id}" in text
