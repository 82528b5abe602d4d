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
    ("body", "field"),
    [
        ({"target": "rg_01jdoesnotexist"}, "target"),  # a kind no service may own yet, or none
        ({"target": "user_01jdoesnotexist"}, "target"),
        ({"target": "nobody"}, "target"),
        ({"target": "4242"}, "target"),  # an extension's number, when the account has none
        ({"target": "{user}", "user": "{user}"}, "target"),
        ({"target": "{user}", "direction": "outbound"}, "target"),
        ({}, "user"),
    ],
)
def test_a_target_that_routes_nowhere_is_refused_naming_the_field(
    platform: Platform, body: dict[str, str], field: str
) -> None:
    body = {key: value.format(user=platform.user) for key, value in body.items()}

    answer = _post(platform, **body)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field
    assert platform.get("/v1/calls").json()["data"] == []


def test_another_accounts_user_is_not_a_target(platform: Platform) -> None:
    stranger = new_user(platform.http, new_account(platform.http))

    answer = _post(platform, target=stranger)

    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == "target"
