"""Users: scoped by the DialStack-Account header; duplicate emails; search."""

import re

import httpx2

from dialstack.emulator import EmulatorHandle


def test_user_lifecycle(api: httpx2.Client, account_id: str) -> None:
    headers = {"DialStack-Account": account_id}

    created = api.post(
        "/v1/users", json={"name": "Ada", "email": "ada@example.com"}, headers=headers
    )
    user_id = created.json()["id"]
    retrieved = api.get(f"/v1/users/{user_id}", headers=headers)
    updated = api.post(
        f"/v1/users/{user_id}",
        json={"do_not_disturb": True, "config": {"mobile_push_wakeup": True}, "name": None},
        headers=headers,
    )
    put = api.put(f"/v1/users/{user_id}", json={"name": "Ada L."}, headers=headers)
    deleted = api.delete(f"/v1/users/{user_id}", headers=headers)

    assert created.status_code == 201
    assert re.fullmatch(r"user_[0-7][0-9a-z]{25}", user_id)
    assert created.json()["object"] == "user"
    assert created.json()["account_id"] == account_id
    assert created.json()["do_not_disturb"] is False
    assert created.json()["config"] == {"mobile_push_wakeup": False}
    assert retrieved.json() == created.json()
    assert updated.json()["do_not_disturb"] is True
    assert updated.json()["config"] == {"mobile_push_wakeup": True}
    assert updated.json()["name"] is None
    assert put.json()["name"] == "Ada L."
    assert put.json()["do_not_disturb"] is True
    assert deleted.status_code == 204
    assert api.get(f"/v1/users/{user_id}", headers=headers).status_code == 404


def test_the_account_header_is_required_and_named(api: httpx2.Client) -> None:
    answer = api.get("/v1/users")

    assert answer.status_code == 400
    assert answer.json()["code"] == "missing_account_header"
    assert "DialStack-Account" in answer.json()["error"]


def test_another_platforms_account_is_404(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    other_key = dialstack_emulator.server.new_api_key()
    foreign = httpx2.post(
        f"{dialstack_emulator.url}/v1/accounts",
        json={},
        headers={"Authorization": f"Bearer {other_key}"},
        trust_env=False,
    ).json()["id"]

    answer = api.post("/v1/users", json={"name": "x"}, headers={"DialStack-Account": foreign})

    assert answer.status_code == 404
    assert answer.json()["code"] == "resource_missing"
    assert "account" in answer.json()["error"]


def test_a_user_of_another_account_is_404(api: httpx2.Client, account_id: str) -> None:
    other_account = api.post("/v1/accounts", json={}).json()["id"]
    user = api.post("/v1/users", json={}, headers={"DialStack-Account": account_id}).json()
    elsewhere = {"DialStack-Account": other_account}

    retrieved = api.get(f"/v1/users/{user['id']}", headers=elsewhere)
    updated = api.post(f"/v1/users/{user['id']}", json={"name": "x"}, headers=elsewhere)
    deleted = api.delete(f"/v1/users/{user['id']}", headers=elsewhere)

    assert [retrieved.status_code, updated.status_code, deleted.status_code] == [404, 404, 404]
    assert "user" in retrieved.json()["error"]


def test_emails_are_unique_per_account_ignoring_case(api: httpx2.Client, account_id: str) -> None:
    headers = {"DialStack-Account": account_id}
    other_account = {"DialStack-Account": api.post("/v1/accounts", json={}).json()["id"]}
    first = api.post("/v1/users", json={"email": "Same@Example.com"}, headers=headers)

    duplicate = api.post("/v1/users", json={"email": "same@EXAMPLE.com"}, headers=headers)
    elsewhere = api.post("/v1/users", json={"email": "same@example.com"}, headers=other_account)

    assert first.status_code == 201
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "duplicate_email"
    assert elsewhere.status_code == 201


def test_changing_an_email_to_a_taken_one_is_409(api: httpx2.Client, account_id: str) -> None:
    headers = {"DialStack-Account": account_id}
    api.post("/v1/users", json={"email": "taken@example.com"}, headers=headers)
    user = api.post("/v1/users", json={"email": "free@example.com"}, headers=headers).json()

    answer = api.post(
        f"/v1/users/{user['id']}", json={"email": "TAKEN@example.com"}, headers=headers
    )

    assert answer.status_code == 409
    assert answer.json()["code"] == "duplicate_email"


def test_user_validation(api: httpx2.Client, account_id: str) -> None:
    headers = {"DialStack-Account": account_id}

    bad_email = api.post("/v1/users", json={"email": "nope"}, headers=headers)
    bad_flag = api.post("/v1/users", json={"name": "x"}, headers=headers).json()["id"]
    bad_update = api.post(f"/v1/users/{bad_flag}", json={"do_not_disturb": "yes"}, headers=headers)
    unknown = api.post("/v1/users", json={"phone": "1"}, headers=headers)

    assert bad_email.json()["details"] == {"field": "email"}
    assert bad_update.json()["details"] == {"field": "do_not_disturb"}
    assert unknown.json()["code"] == "parameter_unknown"


def test_search_matches_name_or_email_ignoring_case(api: httpx2.Client, account_id: str) -> None:
    headers = {"DialStack-Account": account_id}
    for name, email in [
        ("Alice Smith", "a@one.com"),
        ("Bob", "bob@SMITHS.org"),
        ("Carol", "c@x.io"),
    ]:
        api.post("/v1/users", json={"name": name, "email": email}, headers=headers)

    found = api.get("/v1/users", params={"search": "smith"}, headers=headers).json()["data"]
    literal = api.get("/v1/users", params={"search": "%"}, headers=headers).json()["data"]

    assert sorted(user["name"] for user in found) == ["Alice Smith", "Bob"]
    assert literal == []
