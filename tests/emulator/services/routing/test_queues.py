"""Queues over HTTP: configuration objects where null turns a feature off, members capped in
the queue and paged in full by list_members."""

import httpx2


def _queue(api: httpx2.Client, headers: dict[str, str], **fields: object) -> dict[str, object]:
    answer = api.post("/v1/queues", json={"name": "Support", **fields}, headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_queue_takes_its_defaults_and_its_configuration_objects(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    plain = _queue(api, in_account)
    configured = _queue(
        api,
        in_account,
        strategy="linear",
        wrap_up_seconds=15,
        announcements={},
        callback={"offer_after_seconds": 120},
        timeout={"type": "ring_user", "user": user_id},
    )

    assert str(plain["id"]).startswith("qu_")
    assert {k: plain[k] for k in ("strategy", "announcements", "callback", "timeout")} == {
        "strategy": "ringall",
        "announcements": None,
        "callback": None,
        "timeout": None,
    }
    assert plain["members"] == {
        "object": "list",
        "url": f"/v1/queues/{plain['id']}/members",
        "has_more": False,
        "next_page_url": None,
        "previous_page_url": None,
        "data": [],
    }
    assert configured["strategy"] == "linear"
    assert configured["announcements"] == {"frequency_seconds": 60}
    assert configured["callback"] == {"offer_after_seconds": 120, "outbound_did_id": None}
    assert configured["timeout"] == {"type": "ring_user", "user": user_id}


def test_null_disables_a_feature_an_object_replaces_it_and_omitting_leaves_it(
    api: httpx2.Client, in_account: dict[str, str]
) -> None:
    queue = _queue(api, in_account, announcements={"frequency_seconds": 30}, callback={})
    url = f"/v1/queues/{queue['id']}"

    replaced = api.post(url, json={"callback": {"outbound_did_id": "did_1"}}, headers=in_account)
    disabled = api.post(url, json={"announcements": None}, headers=in_account)
    untouched = api.post(url, json={"name": "Help desk"}, headers=in_account)

    assert replaced.json()["callback"] == {"offer_after_seconds": 60, "outbound_did_id": "did_1"}
    assert replaced.json()["announcements"] == {"frequency_seconds": 30}
    assert disabled.json()["announcements"] is None
    assert untouched.json()["callback"] == replaced.json()["callback"]
    assert untouched.json()["name"] == "Help desk"


def test_members_are_capped_in_the_queue_and_paged_in_full_by_position(
    api: httpx2.Client, in_account: dict[str, str]
) -> None:
    queue = _queue(api, in_account)
    members_url = f"/v1/queues/{queue['id']}/members"
    users = [api.post("/v1/users", json={}, headers=in_account).json()["id"] for _ in range(12)]
    added = [
        api.post(members_url, json={"user_id": user}, headers=in_account).json() for user in users
    ]

    embedded = api.get(f"/v1/queues/{queue['id']}", headers=in_account).json()["members"]
    rest = api.get(embedded["next_page_url"], headers=in_account).json()
    paged: list[str] = []
    url: str | None = f"{members_url}?limit=5"
    while url is not None:
        page = api.get(url, headers=in_account).json()
        paged += [member["user_id"] for member in page["data"]]
        url = page["next_page_url"]

    assert [member["position"] for member in added] == list(range(1, 13))
    assert added[0]["id"].startswith("qm_")
    assert (added[0]["queue_id"], added[0]["penalty"]) == (queue["id"], 0)
    assert embedded["data"] == added[:10]
    assert rest["data"] == added[10:]
    assert paged == users


def test_a_member_is_removed_once_and_a_deleted_user_leaves_its_queues(
    api: httpx2.Client, in_account: dict[str, str], user_id: str, other_user_id: str
) -> None:
    queue = _queue(api, in_account)
    members_url = f"/v1/queues/{queue['id']}/members"
    first = api.post(members_url, json={"user_id": user_id}, headers=in_account).json()
    api.post(members_url, json={"user_id": other_user_id, "penalty": 2}, headers=in_account)

    removed = api.delete(f"{members_url}/{first['id']}", headers=in_account)
    again = api.delete(f"{members_url}/{first['id']}", headers=in_account)
    api.delete(f"/v1/users/{other_user_id}", headers=in_account)
    left = api.get(members_url, headers=in_account).json()["data"]

    assert (removed.status_code, again.status_code) == (204, 404)
    assert left == []


def test_another_accounts_queue_and_its_members_are_404(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    queue = _queue(api, in_account)
    member = api.post(
        f"/v1/queues/{queue['id']}/members", json={"user_id": user_id}, headers=in_account
    ).json()
    elsewhere = {"DialStack-Account": api.post("/v1/accounts", json={}).json()["id"]}
    url = f"/v1/queues/{queue['id']}"

    answers = [
        api.get(url, headers=elsewhere),
        api.post(url, json={"name": "x"}, headers=elsewhere),
        api.delete(url, headers=elsewhere),
        api.get(f"{url}/members", headers=elsewhere),
        api.post(f"{url}/members", json={"user_id": user_id}, headers=elsewhere),
        api.delete(f"{url}/members/{member['id']}", headers=elsewhere),
    ]

    assert [answer.status_code for answer in answers] == [404] * 6
    assert api.get(url, headers=in_account).json()["members"]["data"] == [member]
