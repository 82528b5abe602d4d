"""Locations over HTTP: the onboarding component's create/list/retrieve/update, delete, and
E911 validation then provisioning along the carrier's timeline on the stepped clock."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator.services.locations.examples import ADDRESS
from dialstack.emulator.services.locations.tables import MAX_LOCATIONS

from ..calls.conftest import Platform, new_account, new_user


def _create(platform: Platform, **fields: Any) -> httpx2.Response:
    body = {"name": "Main Office", "address": ADDRESS, **fields}
    return platform.http.post("/v1/locations", json=body, headers=platform.headers)


def _location(platform: Platform, **address: str | None) -> dict[str, Any]:
    """A location at ``ADDRESS`` with these fields changed (None: left out)."""
    changed = {**ADDRESS, **address}
    answer = _create(platform, address={k: v for k, v in changed.items() if v is not None})
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _post(platform: Platform, path: str, body: dict[str, Any] | None = None) -> httpx2.Response:
    return platform.http.post(path, json=body, headers=platform.headers)


def _number_id(platform: Platform) -> str:
    platform.simulate()  # the account's first test call gives it its number
    return str(platform.get("/v1/phone-numbers").json()["data"][0]["id"])


def test_a_location_is_created_listed_retrieved_updated_and_deleted(platform: Platform) -> None:
    did = _number_id(platform)
    created = _location(platform)
    path = f"/v1/locations/{created['id']}"

    listed = platform.get("/v1/locations", limit=100).json()
    read = platform.get(path).json()
    updated = _post(
        platform,
        path,
        {
            "name": "HQ",
            "primary_did": did,
            "config": {"e911_notification": {"emails": ["ops@example.com"]}},
        },
    )
    cleared = _post(platform, path, {"primary_did_id": None})
    deleted = platform.http.delete(path, headers=platform.headers)

    assert created["id"].startswith("loc_")
    assert created["name"] == "Main Office"
    assert created["e911_status"] == "none"
    assert created["status"] == "active"
    assert created["primary_did"] is None
    assert created["address"] == {
        **ADDRESS,
        "formatted_address": "123 Main Street, New York, NY 10001",
    }
    assert [location["id"] for location in listed["data"]] == [created["id"]]
    assert read == created
    assert updated.status_code == 200, updated.text
    assert updated.json()["name"] == "HQ"
    assert updated.json()["primary_did"] == updated.json()["primary_did_id"] == did
    assert updated.json()["config"] == {"e911_notification": {"emails": ["ops@example.com"]}}
    assert cleared.json()["primary_did"] is None  # the older spelling reaches the same field
    assert deleted.status_code == 204
    assert platform.get(path).status_code == 404


def test_the_list_pages_newest_first(platform: Platform) -> None:
    made = [_location(platform, street=f"{n} Main Street")["id"] for n in range(3)]

    first = platform.get("/v1/locations", limit=2).json()
    second = platform.http.get(first["next_page_url"], headers=platform.headers).json()

    assert [location["id"] for location in first["data"]] == made[:0:-1]
    assert [location["id"] for location in second["data"]] == made[:1]
    assert second["next_page_url"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"address": ADDRESS}, "name"),
        ({"name": "", "address": ADDRESS}, "name"),
        ({"name": "x" * 201, "address": ADDRESS}, "name"),
        ({"name": "Office"}, "address"),
        ({"name": "Office", "address": {**ADDRESS, "street": ""}}, "address.street"),
        (
            {"name": "Office", "address": {k: v for k, v in ADDRESS.items() if k != "city"}},
            "address.city",
        ),
        ({"name": "Office", "address": {**ADDRESS, "country": "usa"}}, "address.country"),
        ({"name": "Office", "address": {**ADDRESS, "zip": "10001"}}, "address.zip"),
        ({"name": "Office", "address": {**ADDRESS, "postal_code": 10001}}, "address.postal_code"),
        ({"name": "Office", "address": ADDRESS, "status": "active"}, "status"),
        ({"name": "Office", "address": ADDRESS, "primary_did": ""}, "primary_did"),
        (
            {
                "name": "Office",
                "address": ADDRESS,
                "config": {"e911_notification": {"emails": ["no"]}},
            },
            "config.e911_notification.emails.0",
        ),
    ],
    ids=[
        "no name",
        "empty name",
        "long name",
        "no address",
        "empty street",
        "no city",
        "lowercase country",
        "unknown address key",
        "numeric zip",
        "unknown key",
        "empty did",
        "bad email",
    ],
)
def test_malformed_locations_are_400_naming_the_field(
    platform: Platform, body: dict[str, Any], field: str
) -> None:
    answer = platform.http.post("/v1/locations", json=body, headers=platform.headers)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field
    assert platform.get("/v1/locations").json()["data"] == []


def test_a_primary_did_must_be_one_of_the_accounts_numbers(platform: Platform) -> None:
    account = new_account(platform.http)
    elsewhere = Platform(
        platform.http, platform.emulator, account, new_user(platform.http, account)
    )
    foreign_number = _number_id(elsewhere)

    answers = [
        _create(platform, primary_did=foreign_number),
        _create(platform, primary_did="did_x"),
    ]

    assert [answer.status_code for answer in answers] == [422, 422]
    assert {answer.json()["details"]["field"] for answer in answers} == {"primary_did"}


def test_another_accounts_or_platforms_location_is_404(platform: Platform) -> None:
    location = _location(platform)
    path = f"/v1/locations/{location['id']}"
    other = {"DialStack-Account": new_account(platform.http)}
    foreign = platform.get_as_another_platform(path)

    answers = [
        platform.http.get(path, headers=other),
        platform.http.post(path, json={"name": "Mine"}, headers=other),
        platform.http.delete(path, headers=other),
        platform.http.post(f"{path}/validate-e911", headers=other),
        platform.http.post(f"{path}/provision-e911", headers=other),
        foreign,
    ]

    assert [answer.status_code for answer in answers] == [404] * 6
    assert platform.http.get("/v1/locations", headers=other).json()["data"] == []
    assert platform.get(path).json()["name"] == "Main Office"


def test_validation_standardizes_the_address(platform: Platform) -> None:
    location = _location(
        platform,
        address_number=None,
        street="350 north Orange Avenue",
        unit="Suite 4",
        city="Orlando",
        state="fl",
        postal_code="32801-1234",
    )

    answer = _post(platform, f"/v1/locations/{location['id']}/validate-e911")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "adjusted": True,
        "address": {
            "house_number": "350",
            "pre_directional": "N",
            "street_name": "ORANGE",
            "street_suffix": "AVE",
            "address_line_2": "SUITE 4",
            "city": "ORLANDO",
            "state_code": "FL",
            "zip": "32801",
            "plus_four": "1234",
            "country": "US",
        },
    }


def test_an_address_already_in_its_standard_form_is_not_adjusted(platform: Platform) -> None:
    location = _location(platform, street="Main St", city="NEW YORK")

    answer = _post(platform, f"/v1/locations/{location['id']}/validate-e911")

    assert answer.json()["adjusted"] is False
    assert answer.json()["address"]["street_suffix"] == "ST"


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ({"postal_code": "00000"}, "address.postal_code"),
        ({"postal_code": "1000"}, "address.postal_code"),
        ({"postal_code": "10001-12"}, "address.postal_code"),
        ({"postal_code": "SW1A 1AA"}, "address.postal_code"),
        ({"state": "New York"}, "address.state"),
        ({"state": "XX"}, "address.state"),
        ({"country": "CA"}, "address.country"),
        ({"address_number": None, "street": "Main Street"}, "address.street"),
        ({"address_number": "one", "street": "Main Street"}, "address.address_number"),
    ],
    ids=[
        "magic zip",
        "short zip",
        "short plus four",
        "foreign postcode",
        "state spelled out",
        "no such state",
        "outside the US",
        "no house number",
        "house number in words",
    ],
)
def test_an_address_the_e911_database_cannot_take_is_422_naming_the_field(
    platform: Platform, address: dict[str, str | None], field: str
) -> None:
    location = _location(platform, **address)

    validated = _post(platform, f"/v1/locations/{location['id']}/validate-e911")
    provisioned = _post(platform, f"/v1/locations/{location['id']}/provision-e911")

    assert validated.status_code == 422, validated.text
    assert validated.json()["code"] == "validation_error"
    assert validated.json()["details"]["field"] == field
    assert provisioned.status_code == 409
    assert provisioned.json()["code"] == "e911_validation_required"


def test_provisioning_moves_pending_binding_provisioned_on_the_clock(platform: Platform) -> None:
    platform.clock(mode="stepped")
    location = _location(platform)
    path = f"/v1/locations/{location['id']}"

    before = _post(platform, f"{path}/provision-e911")
    _post(platform, f"{path}/validate-e911")
    started = _post(platform, f"{path}/provision-e911").json()
    statuses = [platform.get(path).json()["e911_status"]]
    for seconds in (2, 4):
        platform.clock(advance_seconds=seconds)
        statuses.append(platform.get(path).json()["e911_status"])
    again = _post(platform, f"{path}/provision-e911").json()

    assert before.status_code == 409
    assert before.json()["details"] == {"id": location["id"]}
    assert started["e911_status"] == "pending"
    assert statuses == ["pending", "binding", "provisioned"]
    assert again["e911_status"] == "provisioned"  # asking again changes nothing
    assert platform.get("/v1/locations").json()["data"][0]["e911_status"] == "provisioned"


def test_the_carrier_refuses_the_magic_zip_and_a_retry_starts_again(platform: Platform) -> None:
    platform.clock(mode="stepped")
    location = _location(platform, postal_code="99999")
    path = f"/v1/locations/{location['id']}"
    _post(platform, f"{path}/validate-e911")
    _post(platform, f"{path}/provision-e911")
    platform.clock(advance_seconds=2)

    failed = platform.get(path).json()["e911_status"]
    retried = _post(platform, f"{path}/provision-e911").json()["e911_status"]

    assert (failed, retried) == ("failed", "pending")


def test_a_new_address_must_be_validated_and_provisioned_again(platform: Platform) -> None:
    platform.clock(mode="stepped")
    location = _location(platform)
    path = f"/v1/locations/{location['id']}"
    _post(platform, f"{path}/validate-e911")
    _post(platform, f"{path}/provision-e911")
    platform.clock(advance_seconds=10)

    renamed = _post(platform, path, {"name": "HQ"}).json()
    moved = _post(platform, path, {"address": {**ADDRESS, "street": "Broadway"}}).json()
    refused = _post(platform, f"{path}/provision-e911")

    assert renamed["e911_status"] == "provisioned"  # the same address stays registered
    assert moved["e911_status"] == "none"
    assert moved["address"]["formatted_address"] == "123 Broadway, New York, NY 10001"
    assert refused.status_code == 409


def test_the_onboarding_session_reaches_locations_and_no_other_session_does(
    platform: Platform,
) -> None:
    location = _location(platform)
    path = f"/v1/locations/{location['id']}"

    def as_session(secret: str, method: str, url: str) -> httpx2.Response:
        return httpx2.request(
            method,
            f"{platform.emulator.url}{url}",
            headers={"Authorization": f"Bearer {secret}"},
            trust_env=False,
        )

    onboarding = platform.session("account_onboarding")
    other = platform.session("call_logs")
    allowed = [
        as_session(onboarding, "GET", "/v1/locations?limit=100"),
        as_session(onboarding, "GET", path),
        as_session(onboarding, "POST", f"{path}/validate-e911"),
        as_session(onboarding, "POST", f"{path}/provision-e911"),
    ]
    refused = [
        as_session(other, "GET", "/v1/locations"),
        as_session(onboarding, "DELETE", path),
    ]

    assert [answer.status_code for answer in allowed] == [200] * 4
    assert allowed[0].json()["data"][0]["id"] == location["id"]
    assert allowed[3].json()["e911_status"] == "pending"
    assert [answer.json()["code"] for answer in refused] == ["component_not_enabled"] * 2


def test_an_account_holds_at_most_its_limit_of_locations(platform: Platform) -> None:
    for _ in range(MAX_LOCATIONS):
        assert _create(platform).status_code == 201

    refused = _create(platform)

    assert refused.status_code == 409
    assert refused.json()["code"] == "location_limit_reached"
