"""Ring groups over HTTP: members as a bare array, timeouts as a pair, extensions expanded."""

import httpx2


def _group(api: httpx2.Client, headers: dict[str, str], **fields: object) -> dict[str, object]:
    answer = api.post("/v1/ring_groups", json={"name": "Sales", **fields}, headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_ring_group_keeps_its_members_in_the_order_added(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    api.post("/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account)
    group = _group(api, in_account)
    members_url = f"/v1/ring_groups/{group['id']}/members"

    by_extension = api.post(members_url, json={"extension": "1001"}, headers=in_account)
    by_number = api.post(members_url, json={"phone_number": "+15550100"}, headers=in_account)
    retrieved = api.get(f"/v1/ring_groups/{group['id']}", headers=in_account).json()
    removed = api.delete(f"{members_url}/{by_extension.json()['id']}", headers=in_account)
    after = api.get(f"/v1/ring_groups/{group['id']}", headers=in_account).json()

    assert group["members"] == []
    assert (group["timeout_seconds"], group["ignore_forwarding"]) == (30, False)
    assert (group["timeout_action"], group["timeout_target"]) == (None, None)
    assert by_extension.status_code == 201
    assert by_extension.json()["id"].startswith("rgm_")
    assert by_extension.json()["ring_group_id"] == group["id"]
    assert (by_extension.json()["extension"], by_extension.json()["phone_number"]) == (
        "1001",
        None,
    )
    assert retrieved["members"] == [by_extension.json(), by_number.json()]
    assert removed.status_code == 204
    assert after["members"] == [by_number.json()]
    again = api.delete(f"{members_url}/{by_extension.json()['id']}", headers=in_account)
    assert again.status_code == 404


def test_a_member_extension_follows_its_rename_and_goes_with_its_deletion(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    api.post("/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account)
    group = _group(api, in_account)
    url = f"/v1/ring_groups/{group['id']}"
    api.post(f"{url}/members", json={"extension": "1001"}, headers=in_account)

    api.post("/v1/extensions/1001", json={"number": "1002"}, headers=in_account)
    renamed = api.get(url, headers=in_account).json()["members"]
    api.delete("/v1/extensions/1002", headers=in_account)
    deleted = api.get(url, headers=in_account).json()["members"]

    assert [member["extension"] for member in renamed] == ["1002"]
    assert deleted == []


def test_the_timeout_is_set_as_a_pair_and_cleared_with_null(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    queue = api.post("/v1/queues", json={"name": "Overflow"}, headers=in_account).json()["id"]
    group = _group(api, in_account, timeout_action="queue", timeout_target=queue)
    url = f"/v1/ring_groups/{group['id']}"

    to_user = api.post(
        url, json={"timeout_action": "ring_user", "timeout_target": user_id}, headers=in_account
    )
    half = api.post(url, json={"timeout_action": "queue"}, headers=in_account)
    cleared = api.post(
        url, json={"timeout_action": None, "timeout_target": None}, headers=in_account
    )

    assert (group["timeout_action"], group["timeout_target"]) == ("queue", queue)
    assert (to_user.json()["timeout_action"], to_user.json()["timeout_target"]) == (
        "ring_user",
        user_id,
    )
    assert half.status_code == 422
    assert half.json()["details"]["field"] == "timeout_target"
    assert (cleared.json()["timeout_action"], cleared.json()["timeout_target"]) == (None, None)


def test_a_queue_a_ring_group_times_out_to_cannot_be_deleted(
    api: httpx2.Client, in_account: dict[str, str]
) -> None:
    queue = api.post("/v1/queues", json={"name": "Overflow"}, headers=in_account).json()["id"]
    group = _group(api, in_account, timeout_action="queue", timeout_target=queue)

    refused = api.delete(f"/v1/queues/{queue}", headers=in_account)
    api.post(
        f"/v1/ring_groups/{group['id']}",
        json={"timeout_action": None, "timeout_target": None},
        headers=in_account,
    )
    allowed = api.delete(f"/v1/queues/{queue}", headers=in_account)

    assert refused.status_code == 409
    assert refused.json()["details"]["referenced_by"] == group["id"]
    assert allowed.status_code == 204


def test_expand_extensions_lists_what_routes_to_the_group(
    api: httpx2.Client, in_account: dict[str, str]
) -> None:
    group = _group(api, in_account)
    for number in ("2001", "2000"):
        api.post(
            "/v1/extensions", json={"number": number, "target": group["id"]}, headers=in_account
        )

    plain = api.get(f"/v1/ring_groups/{group['id']}", headers=in_account).json()
    expanded = api.get(
        f"/v1/ring_groups/{group['id']}?expand[]=extensions", headers=in_account
    ).json()
    listed = api.get("/v1/ring_groups?expand[]=extensions", headers=in_account).json()

    assert "extensions" not in plain
    assert expanded["extensions"]["object"] == "list"
    assert expanded["extensions"]["url"] == ""
    assert [e["number"] for e in expanded["extensions"]["data"]] == ["2000", "2001"]
    assert listed["data"][0]["extensions"] == expanded["extensions"]


def test_the_list_is_newest_first_and_scoped_to_the_account(
    api: httpx2.Client, in_account: dict[str, str]
) -> None:
    made = [_group(api, in_account, name=f"Group {n}")["id"] for n in range(3)]
    elsewhere = {"DialStack-Account": api.post("/v1/accounts", json={}).json()["id"]}

    first = api.get("/v1/ring_groups?limit=2", headers=in_account).json()
    second = api.get(first["next_page_url"], headers=in_account).json()
    other = api.get("/v1/ring_groups", headers=elsewhere).json()
    foreign = api.get(f"/v1/ring_groups/{made[0]}", headers=elsewhere)

    assert [g["id"] for g in first["data"] + second["data"]] == made[::-1]
    assert other["data"] == []
    assert foreign.status_code == 404
