"""A simulated inbound call named by its routing target rather than by the user it rings."""

from typing import Any

import pytest

from .conftest import Platform, new_account, new_user


def _post(platform: Platform, **body: Any) -> Any:
    return platform.http.post("/v1/test_helpers/calls", json=body, headers=platform.headers)


def test_a_call_routed_to_a_user_rings_and_is_logged_for_that_user(platform: Platform) -> None:
    answer = _post(platform, target=platform.user)

    assert answer.status_code == 201, answer.text
    call = platform.call(answer.json()["id"])
    assert call["user"] == platform.user
    assert call["status"] == "completed"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"target": "rg_01jdoesnotexist"}, 400, "target"),  # a kind no service may own yet
        ({"target": "user_01jdoesnotexist"}, 400, "target"),
        ({"target": "nobody"}, 400, "target"),
        ({"target": "4242"}, 400, "target"),  # an extension's number, when there is none
        ({"target": "{user}", "user": "{user}"}, 400, "target"),
        ({"target": "{user}", "direction": "outbound"}, 422, "target"),
        ({}, 400, "user"),
    ],
)
def test_a_target_that_routes_nowhere_is_refused_naming_the_field(
    platform: Platform, body: dict[str, str], status: int, field: str
) -> None:
    body = {key: value.format(user=platform.user) for key, value in body.items()}

    answer = _post(platform, **body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field
    assert platform.get("/v1/calls").json()["data"] == []


def test_another_accounts_user_is_not_a_target(platform: Platform) -> None:
    stranger = new_user(platform.http, new_account(platform.http))

    answer = _post(platform, target=stranger)

    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == "target"
