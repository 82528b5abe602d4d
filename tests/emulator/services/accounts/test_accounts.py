"""Accounts: create (both eras), retrieve, update, delete with cascade; validation."""

import re
from typing import Any

import httpx2
import pytest

CURRENT_ERA_ACCOUNT: dict[str, Any] = {
    "email": "owner@example.com",
    "primary_contact_name": "Ada Owner",
    "address": {
        "street": "Main St",
        "address_number": "1",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "US",
    },
    "pricing": {"per_user_rate": 1500, "per_did_rate": 200, "per_voiceai_location_rate": 5000},
    "config": {"extension_length": 5, "recording_enabled": True},
}
PRICES = CURRENT_ERA_ACCOUNT["pricing"]
ISO_UTC = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"


def test_a_seed_era_create_gets_the_defaults(api: httpx2.Client) -> None:
    answer = api.post("/v1/accounts", json={"email": "seed@example.com"})

    account = answer.json()
    assert answer.status_code == 201
    assert re.fullmatch(r"acct_[0-7][0-9a-z]{25}", account["id"])
    assert account["object"] == "account"
    assert account["email"] == "seed@example.com"
    assert account["config"] == {  # each default's source: test_defaults.py
        "region": "US",
        "extension_length": 4,
        "transcription_enabled": True,
        "recording_enabled": True,
        "redaction_enabled": False,
        "timezone": "UTC",
        "default_agent_visible": None,
    }
    assert account["main_location_id"] is None  # no address given, so no location
    assert account["tos_status"] == "not_required"
    assert account["tos_accepted_at"] is None
    assert re.fullmatch(ISO_UTC, account["created_at"])
    assert account["updated_at"] == account["created_at"]


def test_a_current_era_create_keeps_every_field(api: httpx2.Client) -> None:
    account = api.post("/v1/accounts", json=CURRENT_ERA_ACCOUNT).json()

    assert account["primary_contact_name"] == "Ada Owner"
    assert account["address"] == CURRENT_ERA_ACCOUNT["address"]
    assert account["pricing"] == CURRENT_ERA_ACCOUNT["pricing"]
    assert account["config"]["extension_length"] == 5
    assert account["config"]["recording_enabled"] is True
    assert account["config"]["region"] == "US"


def test_billing_address_is_an_alias_of_address(api: httpx2.Client) -> None:
    address = CURRENT_ERA_ACCOUNT["address"]

    account = api.post("/v1/accounts", json={"billing_address": address}).json()

    assert account["address"] == address


def test_retrieve_update_and_delete(api: httpx2.Client, account_id: str) -> None:
    created = api.get(f"/v1/accounts/{account_id}").json()

    updated = api.post(
        f"/v1/accounts/{account_id}",
        json={"primary_contact_name": "New Name", "config": {"timezone": "Europe/Paris"}},
    )
    put = api.put(f"/v1/accounts/{account_id}", json={"email": "seed-era@example.com"})
    deleted = api.delete(f"/v1/accounts/{account_id}")
    gone = api.get(f"/v1/accounts/{account_id}")

    assert updated.status_code == 200
    assert updated.json()["primary_contact_name"] == "New Name"
    assert updated.json()["config"]["timezone"] == "Europe/Paris"
    assert updated.json()["config"]["extension_length"] == 4
    assert updated.json()["updated_at"] > created["updated_at"]
    assert updated.json()["created_at"] == created["created_at"]
    assert put.json()["email"] == "seed-era@example.com"
    assert put.json()["primary_contact_name"] == "New Name"
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert gone.status_code == 404
    assert gone.json()["code"] == "resource_missing"
    assert account_id in gone.json()["error"]
    assert "account" in gone.json()["error"]


def test_delete_cascades_to_the_accounts_users(api: httpx2.Client, account_id: str) -> None:
    headers = {"DialStack-Account": account_id}
    user = api.post("/v1/users", json={"name": "U"}, headers=headers).json()

    api.delete(f"/v1/accounts/{account_id}")
    recreated = api.post("/v1/accounts", json={}).json()["id"]
    lookup = api.get(f"/v1/users/{user['id']}", headers={"DialStack-Account": recreated})

    assert lookup.status_code == 404
    assert api.get(f"/v1/users/{user['id']}", headers=headers).status_code == 404


def test_an_invalid_email_names_the_field(api: httpx2.Client) -> None:
    answer = api.post("/v1/accounts", json={"email": "not-an-email"})

    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_error"
    assert answer.json()["details"] == {"field": "email"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": 42}, "email"),
        ({"primary_contact_name": ["x"]}, "primary_contact_name"),
        ({"address": {"street": "S"}}, "address.city"),
        ({"address": {**CURRENT_ERA_ACCOUNT["address"], "city": 7}}, "address.city"),
        ({"pricing": {**PRICES, "per_user_rate": "15"}}, "pricing.per_user_rate"),
        ({"pricing": {**PRICES, "per_user_rate": True}}, "pricing.per_user_rate"),
        ({"pricing": {"per_user_rate": 1}}, "pricing.per_did_rate"),
        ({"config": {"recording_enabled": "yes"}}, "config.recording_enabled"),
        ({"config": "US"}, "config"),
    ],
)
def test_wrong_types_are_400_naming_the_field(
    api: httpx2.Client, body: dict[str, Any], field: str
) -> None:
    answer = api.post("/v1/accounts", json=body)

    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_error"
    assert answer.json()["details"]["field"] == field


def test_extension_length_outside_3_to_6_is_422(api: httpx2.Client, account_id: str) -> None:
    on_create = api.post("/v1/accounts", json={"config": {"extension_length": 7}})
    on_update = api.post(f"/v1/accounts/{account_id}", json={"config": {"extension_length": 2}})

    for answer in (on_create, on_update):
        assert answer.status_code == 422
        assert answer.json()["code"] == "validation_error"
        assert answer.json()["details"]["field"] == "config.extension_length"


def test_unknown_parameters_are_refused_by_name(api: httpx2.Client, account_id: str) -> None:
    in_body = api.post("/v1/accounts", json={"emial": "typo@example.com"})
    nested = api.post("/v1/accounts", json={"config": {"colour": "red"}})
    in_query = api.get(f"/v1/accounts/{account_id}", params={"expand": "users"})

    assert in_body.status_code == 400
    assert in_body.json()["code"] == "parameter_unknown"
    assert "emial" in in_body.json()["error"]
    assert in_body.json()["details"] == {"field": "emial"}
    assert nested.json()["details"] == {"field": "config.colour"}
    assert in_query.json()["code"] == "parameter_unknown"
    assert in_query.json()["details"] == {"field": "expand"}


def test_a_body_that_is_not_a_json_object_is_400(api: httpx2.Client) -> None:
    broken = api.post("/v1/accounts", content=b"{nope", headers={"Content-Type": "text/plain"})
    array = api.post("/v1/accounts", json=[1, 2])

    assert broken.status_code == 400
    assert array.status_code == 400
    assert broken.json()["code"] == "invalid_json"


def test_update_and_delete_of_a_missing_account_are_404(api: httpx2.Client) -> None:
    missing = "acct_01jzzzzzzzzzzzzzzzzzzzzzzz"

    assert api.post(f"/v1/accounts/{missing}", json={}).status_code == 404
    assert api.delete(f"/v1/accounts/{missing}").status_code == 404
