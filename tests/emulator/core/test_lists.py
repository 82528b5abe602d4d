"""Lists: both shapes, newest first, limit bounds, cursors and tokens, stable under change."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


def _make_accounts(api: httpx2.Client, count: int) -> list[str]:
    """Ids newest first, as lists answer them."""
    ids = [api.post("/v1/accounts", json={}).json()["id"] for _ in range(count)]
    return ids[::-1]


def _ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["data"]]


def _page_token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["page"][0]


def _follow_urls(api: httpx2.Client, first: str) -> list[list[str]]:
    pages: list[list[str]] = []
    url: str | None = first
    while url is not None:
        page = api.get(url).json()
        pages.append(_ids(page))
        url = page["next_page_url"]
    return pages


def test_a_list_answers_both_shapes_newest_first(api: httpx2.Client) -> None:
    ids = _make_accounts(api, 3)

    page = api.get("/v1/accounts").json()

    assert page["object"] == "list"
    assert page["url"] == "/v1/accounts"
    assert _ids(page) == ids
    assert page["has_more"] is False
    assert page["next_page_url"] is None
    assert page["previous_page_url"] is None


def test_page_urls_walk_the_whole_list_and_back(api: httpx2.Client) -> None:
    ids = _make_accounts(api, 7)

    first = api.get("/v1/accounts", params={"limit": 3}).json()
    second = api.get(first["next_page_url"]).json()
    third = api.get(second["next_page_url"]).json()
    back = api.get(third["previous_page_url"]).json()

    assert [_ids(first), _ids(second), _ids(third)] == [ids[0:3], ids[3:6], ids[6:7]]
    assert first["has_more"] is True
    assert first["next_page_url"].startswith("/v1/accounts?limit=3&page=")
    assert third["next_page_url"] is None
    assert third["has_more"] is False
    assert _ids(back) == ids[3:6]
    assert api.get(back["previous_page_url"]).json()["previous_page_url"] is None


def test_seed_era_cursors_walk_the_list(api: httpx2.Client) -> None:
    ids = _make_accounts(api, 5)

    after = api.get("/v1/accounts", params={"limit": 2, "starting_after": ids[1]}).json()
    before = api.get("/v1/accounts", params={"limit": 2, "ending_before": ids[4]}).json()

    assert _ids(after) == ids[2:4]
    assert after["has_more"] is True
    assert _ids(before) == ids[2:4]
    assert before["has_more"] is True


def test_the_default_limit_is_ten(api: httpx2.Client) -> None:
    _make_accounts(api, 11)

    page = api.get("/v1/accounts").json()

    assert len(page["data"]) == 10
    assert page["has_more"] is True


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "1.5", ""])
def test_limit_outside_1_to_100_is_400(api: httpx2.Client, limit: str) -> None:
    answer = api.get("/v1/accounts", params={"limit": limit})

    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_error"
    assert answer.json()["details"] == {"field": "limit"}


def test_limits_1_and_100_are_fine(api: httpx2.Client) -> None:
    assert api.get("/v1/accounts", params={"limit": 1}).status_code == 200
    assert api.get("/v1/accounts", params={"limit": 100}).status_code == 200


def test_forged_tampered_and_foreign_tokens_are_400(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    _make_accounts(api, 3)
    users = {"DialStack-Account": account_id}
    for _ in range(3):
        api.post("/v1/users", json={}, headers=users)
    page = _page_token(api.get("/v1/accounts?limit=1").json()["next_page_url"])
    other = httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {dialstack_emulator.server.new_api_key()}"},
        trust_env=False,
    )

    answers = [
        api.get("/v1/accounts", params={"page": "forged"}),
        api.get("/v1/accounts", params={"page": page[:-2] + ("AA" if page[-2:] != "AA" else "BB")}),
        api.get("/v1/accounts", params={"page": "x" + page}),
        api.get("/v1/users", params={"page": page}, headers=users),
        other.get("/v1/accounts", params={"page": page}),
        api.get("/v1/accounts", params={"starting_after": "not-an-id"}),
        api.get("/v1/accounts", params={"starting_after": account_id, "ending_before": account_id}),
    ]
    other.close()

    assert [answer.status_code for answer in answers] == [400] * len(answers)
    assert {answer.json()["code"] for answer in answers} == {"invalid_pagination"}


def test_a_search_token_only_serves_that_search(api: httpx2.Client, account_id: str) -> None:
    headers = {"DialStack-Account": account_id}
    for number in range(3):
        api.post("/v1/users", json={"name": f"match {number}"}, headers=headers)
    first = api.get("/v1/users", params={"search": "match", "limit": 2}, headers=headers).json()
    next_url: str = first["next_page_url"]
    page = _page_token(next_url)

    followed = api.get(next_url, headers=headers).json()
    other_search = api.get("/v1/users", params={"search": "other", "page": page}, headers=headers)

    assert parse_qs(urlsplit(next_url).query)["search"] == ["match"]
    assert [user["name"] for user in followed["data"]] == ["match 0"]
    assert other_search.json()["code"] == "invalid_pagination"


def test_pages_stay_correct_while_rows_come_and_go(api: httpx2.Client) -> None:
    ids = _make_accounts(api, 9)

    first = api.get("/v1/accounts", params={"limit": 3}).json()
    api.post("/v1/accounts", json={})  # newer than every page: never shows up going forward
    api.delete(f"/v1/accounts/{ids[2]}")  # the cursor's own row
    api.delete(f"/v1/accounts/{ids[4]}")  # a row of the next page
    rest = _follow_urls(api, first["next_page_url"])
    seed_era = api.get("/v1/accounts", params={"limit": 3, "starting_after": ids[2]}).json()

    assert _ids(first) == ids[0:3]
    assert rest == [[ids[3], ids[5], ids[6]], ids[7:9]]
    assert _ids(seed_era) == [ids[3], ids[5], ids[6]]
