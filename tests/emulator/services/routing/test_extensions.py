"""Extensions over HTTP: keyed by number within the account, renamed by update, paged on the
number, and targets that cannot be deleted while an extension routes to them."""

import httpx2

from dialstack.emulator import EmulatorHandle


def test_an_extension_is_created_found_by_number_renamed_and_deleted(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    created = api.post(
        "/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account
    )
    retrieved = api.get("/v1/extensions/1001", headers=in_account)
    renamed = api.post("/v1/extensions/1001", json={"number": "1002"}, headers=in_account)
    old = api.get("/v1/extensions/1001", headers=in_account)
    new = api.get("/v1/extensions/1002", headers=in_account)
    deleted = api.delete("/v1/extensions/1002", headers=in_account)

    assert created.status_code == 201
    assert {k: created.json()[k] for k in ("number", "target", "status")} == {
        "number": "1001",
        "target": user_id,
        "status": "active",
    }
    assert retrieved.json() == created.json()
    assert renamed.status_code == 200
    assert renamed.json()["number"] == "1002"
    assert renamed.json()["target"] == user_id
    assert old.status_code == 404
    assert new.json() == renamed.json()
    assert deleted.status_code == 204
    assert api.get("/v1/extensions/1002", headers=in_account).status_code == 404


def test_a_taken_number_is_409_extension_taken_on_create_and_on_rename(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    for number in ("1001", "1002"):
        api.post("/v1/extensions", json={"number": number, "target": user_id}, headers=in_account)

    again = api.post(
        "/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account
    )
    rename = api.post("/v1/extensions/1002", json={"number": "1001"}, headers=in_account)

    for answer in (again, rename):
        assert answer.status_code == 409
        assert answer.json()["code"] == "extension_taken"
        assert answer.json()["error"] == "Extension number already in use"
        assert answer.json()["details"]["field"] == "number"
    assert api.get("/v1/extensions/1002", headers=in_account).status_code == 200


def test_the_number_length_follows_the_accounts_extension_length(
    api: httpx2.Client, user_id: str
) -> None:
    account = api.post("/v1/accounts", json={"config": {"extension_length": 6}}).json()["id"]
    user = api.post("/v1/users", json={}, headers={"DialStack-Account": account}).json()["id"]
    headers = {"DialStack-Account": account}

    six = api.post("/v1/extensions", json={"number": "123456", "target": user}, headers=headers)
    four = api.post("/v1/extensions", json={"number": "1234", "target": user}, headers=headers)

    assert six.status_code == 201
    assert four.status_code == 400
    assert four.json()["details"]["field"] == "number"
    assert "6 digits" in four.json()["error"]


def test_the_list_pages_on_the_number_in_ascending_order(
    api: httpx2.Client, in_account: dict[str, str], user_id: str, other_user_id: str
) -> None:
    other = other_user_id
    numbers = ["1500", "1002", "1900", "1001", "1300"]
    for number in numbers:
        target = other if number == "1300" else user_id
        api.post("/v1/extensions", json={"number": number, "target": target}, headers=in_account)

    seen: list[str] = []
    url: str | None = "/v1/extensions?limit=2"
    while url is not None:
        page = api.get(url, headers=in_account).json()
        seen += [extension["number"] for extension in page["data"]]
        url = page["next_page_url"]
    filtered = api.get(f"/v1/extensions?target={other}", headers=in_account).json()

    assert seen == sorted(numbers)
    assert [extension["number"] for extension in filtered["data"]] == ["1300"]


def test_a_path_that_is_no_number_is_simply_no_extension(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    api.post("/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account)

    for path in ("/v1/extensions/10011", "/v1/extensions/1001%20", "/v1/extensions/%C2%B9001"):
        answer = api.get(path, headers=in_account)
        assert answer.status_code == 404, path
        assert answer.json()["code"] == "resource_missing"


def test_the_percent_encoded_number_is_the_number(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    api.post("/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account)

    answer = api.get("/v1/extensions/%31%30%30%31", headers=in_account)

    assert answer.status_code == 200
    assert answer.json()["number"] == "1001"


def test_a_ring_group_an_extension_routes_to_cannot_be_deleted(
    api: httpx2.Client, in_account: dict[str, str]
) -> None:
    group = api.post("/v1/ring_groups", json={"name": "Sales"}, headers=in_account).json()["id"]
    queue = api.post("/v1/queues", json={"name": "Help"}, headers=in_account).json()["id"]
    api.post("/v1/extensions", json={"number": "2000", "target": group}, headers=in_account)
    api.post("/v1/extensions", json={"number": "3000", "target": queue}, headers=in_account)

    refused = [
        api.delete(f"/v1/ring_groups/{group}", headers=in_account),
        api.delete(f"/v1/queues/{queue}", headers=in_account),
    ]
    for number in ("2000", "3000"):
        api.delete(f"/v1/extensions/{number}", headers=in_account)
    allowed = [
        api.delete(f"/v1/ring_groups/{group}", headers=in_account),
        api.delete(f"/v1/queues/{queue}", headers=in_account),
    ]

    assert [answer.status_code for answer in refused] == [409, 409]
    assert [answer.json()["code"] for answer in refused] == ["target_in_use"] * 2
    assert [answer.json()["details"]["referenced_by"] for answer in refused] == ["2000", "3000"]
    assert [answer.status_code for answer in allowed] == [204, 204]


def test_an_extension_routed_to_cannot_be_deleted_or_renamed(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    api.post("/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account)
    api.post("/v1/extensions", json={"number": "1002", "target": "1001"}, headers=in_account)

    deleted = api.delete("/v1/extensions/1001", headers=in_account)
    renamed = api.post("/v1/extensions/1001", json={"number": "1003"}, headers=in_account)

    assert [deleted.status_code, renamed.status_code] == [409, 409]
    assert deleted.json()["details"]["referenced_by"] == "1002"
    assert api.get("/v1/extensions/1001", headers=in_account).status_code == 200


def test_another_accounts_or_platforms_extension_is_404(
    api: httpx2.Client,
    in_account: dict[str, str],
    user_id: str,
    dialstack_emulator: EmulatorHandle,
) -> None:
    api.post("/v1/extensions", json={"number": "1001", "target": user_id}, headers=in_account)
    other_account = {"DialStack-Account": api.post("/v1/accounts", json={}).json()["id"]}
    other_key = dialstack_emulator.server.new_api_key()
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {other_key}"},
        trust_env=False,
    ) as other_platform:
        foreign = other_platform.get("/v1/extensions/1001", headers=in_account)

    answers = [
        api.get("/v1/extensions/1001", headers=other_account),
        api.post("/v1/extensions/1001", json={"target": user_id}, headers=other_account),
        api.delete("/v1/extensions/1001", headers=other_account),
        foreign,
    ]
    listed = api.get("/v1/extensions", headers=other_account).json()

    assert [answer.status_code for answer in answers] == [404] * 4
    assert listed["data"] == []
    target_elsewhere = api.post(
        "/v1/extensions", json={"number": "1001", "target": user_id}, headers=other_account
    )
    assert target_elsewhere.status_code == 400
    assert target_elsewhere.json()["details"]["field"] == "target"


def test_a_user_an_extension_routes_to_cannot_be_deleted_until_the_extension_goes(
    api: httpx2.Client, in_account: dict[str, str], user_id: str
) -> None:
    api.post("/v1/extensions", json={"number": "2001", "target": user_id}, headers=in_account)

    refused = api.delete(f"/v1/users/{user_id}", headers=in_account)
    api.delete("/v1/extensions/2001", headers=in_account)
    allowed = api.delete(f"/v1/users/{user_id}", headers=in_account)

    assert refused.status_code == 409
    assert refused.json()["code"] == "target_in_use"
    assert refused.json()["details"]["referenced_by"] == "2001"
    assert api.get(f"/v1/users/{user_id}", headers=in_account).status_code == 404
    assert allowed.status_code == 204


def test_a_target_expanded_with_its_extensions_lists_those_routing_to_it(
    api: httpx2.Client, in_account: dict[str, str], user_id: str, other_user_id: str
) -> None:
    app = api.post(
        "/v1/voice-apps",
        json={"name": "Desk", "url": "https://app.example.com/calls"},
        headers=in_account,
    ).json()["id"]
    for number, target in (("2101", user_id), ("2102", user_id), ("2103", app)):
        created = api.post(
            "/v1/extensions", json={"number": number, "target": target}, headers=in_account
        )
        assert created.status_code == 201, created.text

    user = api.get(f"/v1/users/{user_id}", params={"expand[]": "extensions"}, headers=in_account)
    other = api.get(
        f"/v1/users/{other_user_id}", params={"expand[]": "extensions"}, headers=in_account
    )
    voice_app = api.get(
        f"/v1/voice-apps/{app}", params={"expand[]": "extensions"}, headers=in_account
    )

    assert [e["number"] for e in user.json()["extensions"]["data"]] == ["2101", "2102"]
    assert other.json()["extensions"]["data"] == []
    assert [e["number"] for e in voice_app.json()["extensions"]["data"]] == ["2103"]
