"""Authentication, live-key refusal, one platform per key, request ids."""

import re

import httpx2

from dialstack.emulator import Emulator, EmulatorHandle


def test_missing_key_is_401_in_the_error_shape(dialstack_emulator: EmulatorHandle) -> None:
    answer = httpx2.get(f"{dialstack_emulator.url}/v1/accounts", trust_env=False)

    assert answer.status_code == 401
    assert answer.json()["code"] == "authentication_required"
    assert isinstance(answer.json()["error"], str)


def test_malformed_keys_are_401(dialstack_emulator: EmulatorHandle) -> None:
    for authorization in ("Basic abc", "Bearer", "Bearer pk_test_123", "Bearer sk_test_"):
        answer = httpx2.get(
            f"{dialstack_emulator.url}/v1/accounts",
            headers={"Authorization": authorization},
            trust_env=False,
        )
        assert answer.status_code == 401, authorization
        assert answer.json()["code"] in {"authentication_required", "invalid_api_key"}


def test_a_live_key_is_refused_with_a_message_saying_why(
    dialstack_emulator: EmulatorHandle,
) -> None:
    answer = httpx2.get(
        f"{dialstack_emulator.url}/v1/accounts",
        headers={"Authorization": "Bearer sk_live_0123456789abcdef"},
        trust_env=False,
    )

    assert answer.status_code == 401
    assert answer.json()["code"] == "invalid_api_key"
    assert "never accepts live keys" in answer.json()["error"]


def test_each_key_is_its_own_platform(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    other_key = dialstack_emulator.server.new_api_key()
    other = {"Authorization": f"Bearer {other_key}"}

    seen_by_other = httpx2.get(
        f"{dialstack_emulator.url}/v1/accounts/{account_id}", headers=other, trust_env=False
    )
    listed_by_other = httpx2.get(
        f"{dialstack_emulator.url}/v1/accounts", headers=other, trust_env=False
    )

    assert api.get(f"/v1/accounts/{account_id}").status_code == 200
    assert seen_by_other.status_code == 404
    assert listed_by_other.json()["data"] == []


def test_with_a_required_key_any_other_key_is_refused() -> None:
    with Emulator(api_key="sk_test_required_key_0001") as emulator:
        assert emulator.new_api_key() == "sk_test_required_key_0001"
        wrong = httpx2.get(
            f"{emulator.url}/v1/accounts",
            headers={"Authorization": "Bearer sk_test_some_other_key_02"},
            trust_env=False,
        )
        right = httpx2.get(
            f"{emulator.url}/v1/accounts",
            headers={"Authorization": "Bearer sk_test_required_key_0001"},
            trust_env=False,
        )

    assert wrong.status_code == 401
    assert wrong.json()["code"] == "invalid_api_key"
    assert right.status_code == 200


def test_every_response_has_a_request_id(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    answers = [
        api.get("/v1/accounts"),
        api.get("/v1/accounts/acct_missing"),
        api.get("/v1/no_such_thing"),
        api.delete("/v1/accounts"),
        httpx2.get(f"{dialstack_emulator.url}/v1/accounts", trust_env=False),
        api.get("/openapi.json"),
        api.get("/_emulator/health"),
    ]

    request_ids = [answer.headers["x-request-id"] for answer in answers]
    assert all(re.fullmatch(r"req_[0-7][0-9a-hjkmnp-tv-z]{25}", rid) for rid in request_ids)
    assert len(set(request_ids)) == len(request_ids)


def test_wrong_method_and_unknown_route_use_the_error_shape(api: httpx2.Client) -> None:
    wrong_method = api.patch("/v1/accounts", json={})
    unknown = api.get("/v1/nothing_here")

    assert wrong_method.status_code == 405
    assert wrong_method.json()["code"] == "method_not_allowed"
    assert unknown.status_code == 404
    assert set(unknown.json()) == {"error", "code", "details"}
