"""Admin users: the owner from the account's own email and name, more granted by the control
route, one id per person across the platform's accounts, never another account's."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .onboarding_support import control


@pytest.fixture
def owned_account(api: httpx2.Client) -> str:
    answer = api.post(
        "/v1/accounts", json={"email": "Ada@Example.com", "primary_contact_name": "Ada Lovelace"}
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _in(account_id: str) -> dict[str, str]:
    return {"DialStack-Account": account_id}


def _admins(api: httpx2.Client, account_id: str, **params: Any) -> list[dict[str, Any]]:
    answer = api.get("/v1/admin/users", headers=_in(account_id), params=params)
    assert answer.status_code == 200, answer.text
    data: list[dict[str, Any]] = answer.json()["data"]
    return data


def _grant(emulator: EmulatorHandle, account_id: str, **body: Any) -> dict[str, Any]:
    answer = control(emulator, "admin_users", account=account_id, **body)
    assert answer.status_code == 201, answer.text
    granted: dict[str, Any] = answer.json()
    return granted


def test_the_owner_is_the_accounts_email_and_contact_name(
    api: httpx2.Client, owned_account: str
) -> None:
    (owner,) = _admins(api, owned_account)

    assert owner["id"].startswith("admin_user_")
    assert owner["email"] == "Ada@Example.com"
    assert owner["name"] == "Ada Lovelace"
    assert owner["role"] == "owner"
    assert owner["user"] is None
    assert api.get(f"/v1/admin/users/{owner['id']}", headers=_in(owned_account)).json() == owner


def test_an_account_without_an_email_has_no_owner_to_list(api: httpx2.Client) -> None:
    account_id = api.post("/v1/accounts", json={}).json()["id"]

    assert _admins(api, account_id) == []


def test_the_voice_user_with_the_same_email_is_linked_and_expandable(
    api: httpx2.Client, owned_account: str
) -> None:
    user = api.post(
        "/v1/users", json={"name": "Ada", "email": "ada@example.COM"}, headers=_in(owned_account)
    ).json()
    api.post("/v1/users", json={"email": "someone@example.com"}, headers=_in(owned_account))

    (owner,) = _admins(api, owned_account)
    (expanded,) = _admins(api, owned_account, **{"expand[]": "user"})
    retrieved = api.get(
        f"/v1/admin/users/{owner['id']}", headers=_in(owned_account), params={"expand[]": "user"}
    ).json()

    assert owner["user"] == user["id"]
    assert expanded["user"] == user
    assert retrieved["user"] == user


def test_granted_admins_list_newest_first_and_page(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, owned_account: str
) -> None:
    first = _grant(dialstack_emulator, owned_account, email="bob@example.com", name="Bob")
    second = _grant(dialstack_emulator, owned_account, email="cy@example.com")

    listed = _admins(api, owned_account)
    page = api.get("/v1/admin/users", headers=_in(owned_account), params={"limit": 1}).json()
    following = api.get(page["next_page_url"], headers=_in(owned_account)).json()

    assert [admin["id"] for admin in listed[:2]] == [second["id"], first["id"]]
    assert [admin["role"] for admin in listed] == ["account_admin", "account_admin", "owner"]
    assert second["name"] is None
    assert [admin["id"] for admin in page["data"]] == [second["id"]]
    assert [admin["id"] for admin in following["data"]] == [first["id"]]


def test_one_person_has_one_id_and_name_in_every_account(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, owned_account: str
) -> None:
    other_account = api.post(
        "/v1/accounts", json={"email": "zed@example.com", "primary_contact_name": "Zed"}
    ).json()["id"]
    here = _grant(dialstack_emulator, owned_account, email="bob@example.com", name="Bob")

    there = _grant(dialstack_emulator, other_account, email="BOB@example.com", name="Robert")

    reread = api.get(f"/v1/admin/users/{here['id']}", headers=_in(owned_account)).json()
    assert there["id"] == here["id"]
    assert reread["name"] == there["name"] == "Robert"


def test_another_accounts_admin_is_missing_here(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, owned_account: str
) -> None:
    other_account = api.post("/v1/accounts", json={"email": "zed@example.com"}).json()["id"]
    (other_owner,) = _admins(api, other_account)

    answer = api.get(f"/v1/admin/users/{other_owner['id']}", headers=_in(owned_account))

    assert answer.status_code == 404
    assert answer.json()["code"] == "resource_missing"


def test_another_platforms_account_is_missing(
    dialstack_emulator: EmulatorHandle, owned_account: str
) -> None:
    other_key = dialstack_emulator.server.new_api_key()
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {other_key}"},
        trust_env=False,
    ) as other:
        answer = other.get("/v1/admin/users", headers=_in(owned_account))

    assert answer.status_code == 404


def test_the_account_header_is_required(api: httpx2.Client, owned_account: str) -> None:
    answer = api.get("/v1/admin/users")

    assert answer.status_code == 400
    assert answer.json()["code"] == "missing_account_header"


def test_granting_the_same_person_twice_is_a_conflict(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, owned_account: str
) -> None:
    answer = control(
        dialstack_emulator, "admin_users", account=owned_account, email="ada@example.com"
    )

    assert answer.status_code == 409
    assert answer.json()["code"] == "admin_user_exists"
    assert len(_admins(api, owned_account)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "no-at-sign"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "a@" + "x" * 300}, "email"),
        ({}, "email"),
        ({"email": "bob@example.com", "name": 5}, "name"),
        ({"email": "bob@example.com", "name": "n" * 257}, "name"),
        ({"account": "acct_elsewhere", "email": "bob@example.com"}, "account"),
    ],
)
def test_bad_grants_are_refused_naming_the_field(
    dialstack_emulator: EmulatorHandle, owned_account: str, body: dict[str, Any], field: str
) -> None:
    answer = control(dialstack_emulator, "admin_users", **{"account": owned_account, **body})

    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == field
