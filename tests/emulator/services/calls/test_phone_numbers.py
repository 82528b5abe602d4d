"""Phone numbers over HTTP: the richer model in the list and on its own, updates of its
settings and inbound routing, and the bad input each refuses by field."""

from typing import Any

import httpx2
import pytest

from .conftest import Platform, new_account

RICHER_FIELDS = {
    "number_class": "account_owned",
    "expires_at": None,
    "outbound_enabled": True,
    "fax_enabled": False,
    "caller_id_name": None,
    "routing_target": None,
    "inbound_routing": "default",
}


def _number(platform: Platform) -> dict[str, Any]:
    platform.simulate()
    number: dict[str, Any] = platform.get("/v1/phone-numbers").json()["data"][0]
    return number


def _update(platform: Platform, number_id: str, **body: Any) -> httpx2.Response:
    return platform.http.post(f"/v1/phone-numbers/{number_id}", json=body, headers=platform.headers)


def test_a_number_has_the_richer_model_in_the_list_and_alone(platform: Platform) -> None:
    number = _number(platform)

    assert {key: number[key] for key in RICHER_FIELDS} == RICHER_FIELDS
    assert number["updated_at"] == number["created_at"]
    assert platform.get(f"/v1/phone-numbers/{number['id']}").json() == number


def test_an_update_changes_what_it_names_and_keeps_the_rest(platform: Platform) -> None:
    number = _number(platform)
    platform.clock(mode="stepped")
    platform.clock(advance_seconds=60)

    answer = _update(
        platform,
        number["id"],
        fax_enabled=True,
        outbound_enabled=False,
        caller_id_name="ACME CORP",
        caller_id_prefix="[Acme]",
        routing_target=platform.user,
        config={"fax_notifications": {"recipients": ["fax@example.com"], "attach_pdf": False}},
    )

    assert answer.status_code == 200, answer.text
    updated = answer.json()
    assert (updated["fax_enabled"], updated["outbound_enabled"]) == (True, False)
    assert (updated["caller_id_name"], updated["caller_id_prefix"]) == ("ACME CORP", "[Acme]")
    assert updated["routing_target"] == platform.user
    assert updated["config"]["fax_notifications"] == {
        "recipients": ["fax@example.com"],
        "attach_pdf": True,  # accepted and ignored, as the API does
    }
    assert updated["phone_number"] == number["phone_number"]
    assert updated["updated_at"] > number["updated_at"]
    assert platform.get(f"/v1/phone-numbers/{number['id']}").json() == updated

    cleared = _update(platform, number["id"], caller_id_name=None, config=None).json()
    assert cleared["caller_id_name"] is None
    assert cleared["config"] == {}
    assert cleared["fax_enabled"] is True


def test_dropping_inbound_calls_clears_the_target(platform: Platform) -> None:
    number = _number(platform)
    _update(platform, number["id"], routing_target=platform.user)

    dropped = _update(platform, number["id"], inbound_routing="drop").json()
    refused = _update(platform, number["id"], routing_target=platform.user)
    restored = _update(
        platform, number["id"], inbound_routing="default", routing_target=platform.user
    ).json()

    assert (dropped["inbound_routing"], dropped["routing_target"]) == ("drop", None)
    assert refused.status_code == 422
    assert refused.json()["details"]["field"] == "routing_target"
    assert (restored["inbound_routing"], restored["routing_target"]) == ("default", platform.user)


def test_an_inactive_number_is_listed_by_its_status(platform: Platform) -> None:
    number = _number(platform)

    _update(platform, number["id"], status="inactive")

    assert [
        n["id"] for n in platform.get("/v1/phone-numbers", status="inactive").json()["data"]
    ] == [number["id"]]
    assert platform.get("/v1/phone-numbers", status="active").json()["data"] == []


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"routing_target": "user_01jnobody"}, 422, "routing_target"),
        ({"routing_target": "dp_01jnoplan"}, 422, "routing_target"),
        ({"routing_target": "nothing"}, 422, "routing_target"),
        ({"routing_target": "{number}"}, 422, "routing_target"),
        ({"inbound_routing": "drop", "routing_target": "{user}"}, 422, "routing_target"),
        (
            {"config": {"fax_notifications": {"delete_documents": True}}},
            422,
            "config.fax_notifications.delete_documents",
        ),
        ({"inbound_routing": "forward"}, 400, "inbound_routing"),
        ({"status": "released"}, 400, "status"),
        ({"status": "pending"}, 400, "status"),
        ({"expires_at": "2030-01-01T00:00:00Z"}, 400, "expires_at"),
        ({"caller_id_name": "A" * 16}, 400, "caller_id_name"),
        ({"fax_enabled": "yes"}, 400, "fax_enabled"),
        ({"directory_listing_type": "secret"}, 400, "directory_listing_type"),
        ({"phone_number": "+15550000000"}, 400, "phone_number"),
        (
            {"config": {"fax_notifications": {"recipients": ["not an address"]}}},
            400,
            "config",
        ),
    ],
)
def test_bad_updates_are_refused_naming_the_field(
    platform: Platform, body: dict[str, Any], status: int, field: str
) -> None:
    number = _number(platform)
    body = {
        key: value.format(user=platform.user, number=number["id"])
        if isinstance(value, str)
        else value
        for key, value in body.items()
    }

    answer = _update(platform, number["id"], **body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"].startswith(field)
    assert platform.get(f"/v1/phone-numbers/{number['id']}").json() == number


def test_another_accounts_number_is_missing(platform: Platform) -> None:
    number = _number(platform)
    elsewhere = {"DialStack-Account": new_account(platform.http)}

    read = platform.http.get(f"/v1/phone-numbers/{number['id']}", headers=elsewhere)
    written = platform.http.post(
        f"/v1/phone-numbers/{number['id']}", json={"fax_enabled": True}, headers=elsewhere
    )

    assert (read.status_code, written.status_code) == (404, 404)
    assert platform.get(f"/v1/phone-numbers/{number['id']}").json() == number


def test_the_phone_numbers_component_reads_and_routes_a_number(platform: Platform) -> None:
    number = _number(platform)
    token = {"Authorization": f"Bearer {platform.session('phone_numbers')}"}
    plain = httpx2.Client(base_url=platform.emulator.url, trust_env=False)

    with plain:
        read = plain.get(f"/v1/phone-numbers/{number['id']}", headers=token)
        routed = plain.post(
            f"/v1/phone-numbers/{number['id']}",
            json={"routing_target": platform.user},
            headers=token,
        )
        plans = plain.get("/v1/dialplans", headers=token)
        other = {"Authorization": f"Bearer {platform.session('call_logs')}"}
        refused = plain.get(f"/v1/phone-numbers/{number['id']}", headers=other)

    assert read.status_code == 200, read.text
    assert routed.json()["routing_target"] == platform.user
    assert plans.status_code == 200
    assert refused.status_code == 403
