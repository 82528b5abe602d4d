"""Shared voicemail boxes over HTTP and as routing targets: numbers, extensions and dial plans
route to them, a call routed to one is taken by its voicemail, and one something routes to
cannot be deleted."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator.services.voicemail_boxes.tables import MAX_BOXES

from ..calls.conftest import Platform, new_account
from ..greetings.audio_files import wav


def _post(platform: Platform, path: str, body: dict[str, Any]) -> httpx2.Response:
    return platform.http.post(path, json=body, headers=platform.headers)


def _box(platform: Platform, name: str = "Support") -> dict[str, Any]:
    answer = _post(platform, "/v1/shared_voicemail_boxes", {"name": name})
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _number(platform: Platform) -> dict[str, Any]:
    platform.simulate()  # the account's first test call gives it its number
    number: dict[str, Any] = platform.get("/v1/phone-numbers").json()["data"][0]
    return number


def test_a_box_is_created_listed_retrieved_renamed_and_deleted(platform: Platform) -> None:
    platform.clock(mode="stepped")
    created = _box(platform)
    path = f"/v1/shared_voicemail_boxes/{created['id']}"
    platform.clock(advance_seconds=5)

    listed = platform.get("/v1/shared_voicemail_boxes", limit=100).json()
    read = platform.get(path).json()
    renamed = _post(platform, path, {"name": "After hours"}).json()
    deleted = platform.http.delete(path, headers=platform.headers)

    assert created["id"].startswith("svm_")
    assert created["object"] == "shared_voicemail_box"
    assert created["name"] == "Support"
    assert listed["data"] == [created]
    assert read == created
    assert renamed["name"] == "After hours"
    assert renamed["created_at"] == created["created_at"] < renamed["updated_at"]
    assert deleted.status_code == 204
    assert platform.get(path).status_code == 404


def test_the_list_pages_newest_first(platform: Platform) -> None:
    made = [_box(platform, f"Box {n}")["id"] for n in range(3)]

    first = platform.get("/v1/shared_voicemail_boxes", limit=2).json()
    second = platform.http.get(first["next_page_url"], headers=platform.headers).json()

    assert [box["id"] for box in first["data"]] == made[:0:-1]
    assert [box["id"] for box in second["data"]] == made[:1]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 7}, "name"),
        ({"name": "Support", "pin": "1234"}, "pin"),
    ],
    ids=["no name", "empty name", "long name", "numeric name", "unknown key"],
)
def test_malformed_boxes_are_400_naming_the_field(
    platform: Platform, body: dict[str, Any], field: str
) -> None:
    created = _post(platform, "/v1/shared_voicemail_boxes", body)
    box = _box(platform)
    updated = _post(platform, f"/v1/shared_voicemail_boxes/{box['id']}", {"name": "", **body})

    assert created.status_code == updated.status_code == 400, created.text
    assert created.json()["details"]["field"] == updated.json()["details"]["field"] == field
    assert platform.get(f"/v1/shared_voicemail_boxes/{box['id']}").json()["name"] == "Support"


def test_another_accounts_or_platforms_box_is_404_and_no_target(platform: Platform) -> None:
    box = _box(platform)
    path = f"/v1/shared_voicemail_boxes/{box['id']}"
    other = {"DialStack-Account": new_account(platform.http)}
    foreign = platform.get_as_another_platform(path)

    answers = [
        platform.http.get(path, headers=other),
        platform.http.post(path, json={"name": "Mine"}, headers=other),
        platform.http.delete(path, headers=other),
        foreign,
    ]
    routed_elsewhere = platform.http.post(
        "/v1/extensions", json={"number": "3001", "target": box["id"]}, headers=other
    )

    assert [answer.status_code for answer in answers] == [404] * 4
    assert platform.http.get("/v1/shared_voicemail_boxes", headers=other).json()["data"] == []
    assert routed_elsewhere.status_code == 400
    assert routed_elsewhere.json()["details"]["field"] == "target"


def test_a_call_to_a_number_routed_to_a_box_is_taken_by_its_voicemail(platform: Platform) -> None:
    number = _number(platform)
    box = _box(platform)
    routed = _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": box["id"]})
    platform.clock(mode="stepped")

    created = _post(platform, "/v1/test_helpers/calls", {"target": number["id"]}).json()
    platform.clock(advance_seconds=600)
    call = platform.call(created["id"])

    assert routed.status_code == 200, routed.text
    assert routed.json()["routing_target"] == box["id"]
    assert call["user"] is None  # no user rang: the box took the call
    assert call["to_number"] == box["id"]
    assert call["status"] == "completed"


def test_a_box_a_number_routes_to_cannot_be_deleted_until_it_is_rerouted(
    platform: Platform,
) -> None:
    number = _number(platform)
    box = _box(platform)
    path = f"/v1/shared_voicemail_boxes/{box['id']}"
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": box["id"]})

    refused = platform.http.delete(path, headers=platform.headers)
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": platform.user})
    deleted = platform.http.delete(path, headers=platform.headers)

    assert refused.status_code == 409
    assert refused.json()["code"] == "target_in_use"
    assert refused.json()["details"] == {"id": box["id"], "referenced_by": number["id"]}
    assert deleted.status_code == 204


def test_extensions_and_dial_plans_route_to_a_box_and_keep_it(platform: Platform) -> None:
    box = _box(platform)
    path = f"/v1/shared_voicemail_boxes/{box['id']}"

    extension = _post(platform, "/v1/extensions", {"number": "3001", "target": box["id"]})
    held_by_extension = platform.http.delete(path, headers=platform.headers)
    platform.http.delete("/v1/extensions/3001", headers=platform.headers)
    plan = _post(
        platform,
        "/v1/dialplans",
        {
            "name": "After hours",
            "entry_node": "mailbox",
            "nodes": [{"id": "mailbox", "type": "internal_dial", "config": {"target": box["id"]}}],
        },
    )
    held_by_plan = platform.http.delete(path, headers=platform.headers)

    assert extension.status_code == 201, extension.text
    assert plan.status_code == 201, plan.text
    assert held_by_extension.json()["details"]["referenced_by"] == "3001"
    assert held_by_plan.json()["details"]["referenced_by"] == plan.json()["id"]


def test_a_ring_group_nobody_answers_sends_its_calls_to_a_box(platform: Platform) -> None:
    box = _box(platform)
    group = _post(
        platform,
        "/v1/ring_groups",
        {"name": "Sales", "timeout_action": "voicemail", "timeout_target": box["id"]},
    ).json()
    platform.clock(mode="stepped")

    created = _post(platform, "/v1/test_helpers/calls", {"target": group["id"]}).json()
    platform.clock(advance_seconds=600)
    call = platform.call(created["id"])
    refused = platform.http.delete(
        f"/v1/shared_voicemail_boxes/{box['id']}", headers=platform.headers
    )

    assert call["user"] is None
    assert call["to_number"] == box["id"]
    assert refused.json()["details"]["referenced_by"] == group["id"]


def test_a_box_has_a_greeting_of_its_own(platform: Platform) -> None:
    box = _box(platform)

    uploaded = platform.http.post(
        f"/v1/voicemail_greetings/{box['id']}/unavailable",
        files={"file": ("hello.wav", wav(2), "audio/wav")},
        headers=platform.headers,
    )

    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["owner"] == box["id"]


@pytest.mark.parametrize("component", ["phone_numbers", "dial_plan"])
def test_the_routing_components_list_and_name_boxes_and_do_nothing_else(
    platform: Platform, component: str
) -> None:
    box = _box(platform)
    _post(platform, "/v1/extensions", {"number": "3001", "target": box["id"]})
    token = {"Authorization": f"Bearer {platform.session(component)}"}

    def as_session(method: str, path: str) -> httpx2.Response:
        return httpx2.request(
            method, f"{platform.emulator.url}{path}", headers=token, trust_env=False
        )

    listed = as_session("GET", "/v1/shared_voicemail_boxes?limit=100")
    # How the components name a routing target: its id's prefix gives the path.
    named = as_session("GET", f"/v1/shared_voicemail_boxes/{box['id']}?expand[]=extensions")
    refused = [
        as_session("POST", "/v1/shared_voicemail_boxes"),
        as_session("DELETE", f"/v1/shared_voicemail_boxes/{box['id']}"),
    ]

    assert listed.status_code == 200, listed.text
    assert [(found["id"], found["name"]) for found in listed.json()["data"]] == [
        (box["id"], "Support")
    ]
    assert "extensions" not in listed.json()["data"][0]
    assert named.status_code == 200, named.text
    assert named.json()["name"] == "Support"
    assert [found["number"] for found in named.json()["extensions"]["data"]] == ["3001"]
    assert [answer.json()["code"] for answer in refused] == ["component_not_enabled"] * 2
    assert platform.get(f"/v1/shared_voicemail_boxes/{box['id']}").status_code == 200


def test_an_account_holds_at_most_its_limit_of_boxes(platform: Platform) -> None:
    for n in range(MAX_BOXES):
        _box(platform, f"Box {n}")

    refused = _post(platform, "/v1/shared_voicemail_boxes", {"name": "One more"})

    assert refused.status_code == 409
    assert refused.json()["code"] == "shared_voicemail_box_limit_reached"
