"""What a dial plan or a number routes calls to cannot be deleted while it does (409
`target_in_use` naming the plan or the number); an extension routing to whoever took an
inbound call is the call log's `to_number`."""

from typing import Any

from ..calls.conftest import Platform


def _post(platform: Platform, path: str, body: dict[str, Any]) -> Any:
    answer = platform.http.post(path, json=body, headers=platform.headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def _number(platform: Platform) -> dict[str, Any]:
    platform.simulate()
    number: dict[str, Any] = platform.get("/v1/phone-numbers").json()["data"][0]
    return number


def test_a_ring_group_a_plan_dials_cannot_be_deleted(platform: Platform) -> None:
    group = _post(platform, "/v1/ring_groups", {"name": "Sales"})
    plan = _post(
        platform,
        "/v1/dialplans",
        {
            "name": "Sales line",
            "entry_node": "sales",
            "nodes": [{"id": "sales", "type": "internal_dial", "config": {"target": group["id"]}}],
        },
    )

    refused = platform.http.delete(f"/v1/ring_groups/{group['id']}", headers=platform.headers)

    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "target_in_use"
    assert refused.json()["details"]["referenced_by"] == plan["id"]
    assert platform.get(f"/v1/ring_groups/{group['id']}").status_code == 200


def test_a_ring_group_a_number_routes_to_cannot_be_deleted_until_it_is_rerouted(
    platform: Platform,
) -> None:
    number = _number(platform)
    group = _post(platform, "/v1/ring_groups", {"name": "Support"})
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": group["id"]})

    refused = platform.http.delete(f"/v1/ring_groups/{group['id']}", headers=platform.headers)
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": None})
    deleted = platform.http.delete(f"/v1/ring_groups/{group['id']}", headers=platform.headers)

    assert refused.status_code == 409
    assert refused.json()["details"]["referenced_by"] == number["id"]
    assert deleted.status_code == 204


def test_an_extension_of_the_answering_user_is_the_routed_destination(
    platform: Platform,
) -> None:
    number = _number(platform)
    _post(platform, "/v1/extensions", {"number": "1001", "target": platform.user})
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": platform.user})

    created = _post(platform, "/v1/test_helpers/calls", {"target": number["id"]})

    call = platform.call(created["id"])
    assert (call["user"], call["to_number"]) == (platform.user, "1001")


def test_a_ring_all_users_node_rings_the_account_s_users_oldest_first(
    platform: Platform,
) -> None:
    number = _number(platform)
    second = _post(platform, "/v1/users", {"name": "Grace Hopper"})
    plan = _post(
        platform,
        "/v1/dialplans",
        {
            "name": "Everyone",
            "entry_node": "all",
            "nodes": [{"id": "all", "type": "ring_all_users", "config": {"timeout": 20}}],
        },
    )
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": plan["id"]})

    created = _post(platform, "/v1/test_helpers/calls", {"target": number["id"]})

    call = platform.call(created["id"])
    assert call["user"] == platform.user
    assert second["id"] != platform.user
