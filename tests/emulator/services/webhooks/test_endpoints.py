"""/v1/webhook_endpoints over a socket: the secret once, platform vs account scope, the
status filter, validation, and test-key-only mode."""

import json
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .webhook_support import new_account

URL = "https://example.com/hooks"


def create(api: httpx2.Client, account: str | None = None, **body: Any) -> dict[str, Any]:
    headers = {"DialStack-Account": account} if account else {}
    answer = api.post("/v1/webhook_endpoints", json={"url": URL, **body}, headers=headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def listed(api: httpx2.Client, account: str | None = None, **query: str) -> list[str]:
    headers = {"DialStack-Account": account} if account else {}
    answer = api.get("/v1/webhook_endpoints", params=query, headers=headers)
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["data"]]


def test_create_answers_the_secret_once(api: httpx2.Client) -> None:
    created = create(api, description="CRM sync")

    again = api.get(f"/v1/webhook_endpoints/{created['id']}").json()

    assert created["secret"].startswith("whsec_")
    assert created["id"].startswith("we_")
    assert {k: v for k, v in created.items() if k != "secret"} == again
    assert again["enabled_events"] == ["*"]
    assert (again["status"], again["livemode"], again["description"]) == (
        "enabled",
        False,
        "CRM sync",
    )
    assert "secret" not in again
    assert created["secret"] not in str(listed(api)) + api.get("/v1/webhook_endpoints").text


def test_update_changes_only_what_is_sent(api: httpx2.Client) -> None:
    created = create(api, enabled_events=["call.end"], description="x")

    answer = api.post(
        f"/v1/webhook_endpoints/{created['id']}",
        json={"status": "disabled", "enabled_events": ["voicemail.new", "*"], "description": None},
    )

    assert answer.status_code == 200
    updated = answer.json()
    assert (updated["status"], updated["enabled_events"], updated["description"]) == (
        "disabled",
        ["voicemail.new", "*"],
        None,
    )
    assert updated["url"] == URL
    assert "secret" not in updated


def test_delete_then_404(api: httpx2.Client) -> None:
    created = create(api)

    assert api.delete(f"/v1/webhook_endpoints/{created['id']}").status_code == 204
    assert api.get(f"/v1/webhook_endpoints/{created['id']}").status_code == 404
    assert api.delete(f"/v1/webhook_endpoints/{created['id']}").status_code == 404


def test_platform_and_account_endpoints_are_separate_scopes(api: httpx2.Client) -> None:
    first, second = new_account(api), new_account(api)
    platform = create(api)["id"]
    mine = create(api, first)["id"]
    theirs = create(api, second)["id"]

    assert listed(api) == [platform]
    assert listed(api, first) == [mine]
    assert listed(api, second) == [theirs]
    assert api.get(f"/v1/webhook_endpoints/{mine}").status_code == 404
    assert (
        api.get(f"/v1/webhook_endpoints/{mine}", headers={"DialStack-Account": second}).status_code
        == 404
    )
    assert (
        api.get(
            f"/v1/webhook_endpoints/{platform}", headers={"DialStack-Account": first}
        ).status_code
        == 404
    )
    assert (
        api.get(f"/v1/webhook_endpoints/{mine}", headers={"DialStack-Account": first}).json()[
            "account_id"
        ]
        == first
    )


def test_an_unknown_account_header_is_a_404(api: httpx2.Client) -> None:
    answer = api.get(
        "/v1/webhook_endpoints", headers={"DialStack-Account": "acct_01jd0000000000000000000000"}
    )

    assert answer.status_code == 404


def test_list_pages_newest_first_and_filters_by_status(api: httpx2.Client) -> None:
    made = [create(api)["id"] for _ in range(5)]
    api.post(f"/v1/webhook_endpoints/{made[1]}", json={"status": "disabled"})

    first_page = api.get("/v1/webhook_endpoints", params={"limit": 3}).json()
    second_page = api.get(first_page["next_page_url"]).json()

    assert [item["id"] for item in first_page["data"] + second_page["data"]] == made[::-1]
    assert listed(api, status="disabled") == [made[1]]
    assert listed(api, status="enabled") == [made[4], made[3], made[2], made[0]]
    assert api.get("/v1/webhook_endpoints", params={"status": "paused"}).status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "url"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "http://:80/"}, "url"),
        ({"url": "http://example.com:99999/"}, "url"),
        ({"url": 5}, "url"),
        ({"url": "https://e.com/" + "a" * 3000}, "url"),
        ({"url": URL, "enabled_events": []}, "enabled_events"),
        ({"url": URL, "enabled_events": "*"}, "enabled_events"),
        ({"url": URL, "enabled_events": ["call"]}, "enabled_events"),
        ({"url": URL, "enabled_events": ["CALL.END"]}, "enabled_events"),
        ({"url": URL, "enabled_events": [None]}, "enabled_events"),
        ({"url": URL, "enabled_events": ["a.b"] * 101}, "enabled_events"),
        ({"url": URL, "description": 3}, "description"),
        ({"url": URL, "description": "\ud800"}, "description"),
        ({"url": "https://example.com/\udfff"}, "url"),
        ({"url": URL, "status": "enabled"}, "status"),
        ({"url": URL, "secret": "whsec_mine"}, "secret"),
    ],
)
def test_bad_create_bodies_name_the_field(
    api: httpx2.Client, body: dict[str, Any], field: str
) -> None:
    # Sent as escaped JSON text: a lone surrogate is valid JSON, though not valid Unicode.
    answer = api.post(
        "/v1/webhook_endpoints",
        content=json.dumps(body),
        headers={"content-type": "application/json"},
    )

    assert answer.status_code in (400, 422), answer.text
    assert answer.json()["details"]["field"].split(".")[0] == field


def test_unknown_event_names_of_the_right_shape_are_accepted(api: httpx2.Client) -> None:
    assert create(api, enabled_events=["call.end", "future.thing.happened"])["enabled_events"] == [
        "call.end",
        "future.thing.happened",
    ]


def test_a_live_key_is_refused(dialstack_emulator: EmulatorHandle) -> None:
    answer = httpx2.get(
        f"{dialstack_emulator.url}/v1/webhook_endpoints",
        headers={"Authorization": "Bearer sk_live_abcdefghijklmnop"},
        trust_env=False,
    )

    assert answer.status_code == 401


def test_each_key_sees_only_its_own_endpoints(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    created = create(api)
    other = dialstack_emulator.server.new_api_key()

    answer = httpx2.get(
        f"{dialstack_emulator.url}/v1/webhook_endpoints/{created['id']}",
        headers={"Authorization": f"Bearer {other}"},
        trust_env=False,
    )

    assert answer.status_code == 404
