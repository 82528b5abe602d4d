"""Fault rules over a real socket: status (any body shape), delay, drop, drop after commit."""

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


def test_the_next_n_matching_requests_answer_the_status(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    rule = dialstack_emulator.add_fault("POST", "/v1/accounts", status=503, times=2)

    answers = [api.post("/v1/accounts", json={}).status_code for _ in range(3)]
    untouched = api.get("/v1/accounts")

    assert rule.times == 2
    assert rule.id.startswith("fault_")
    assert answers == [503, 503, 201]
    assert untouched.status_code == 200
    assert dialstack_emulator.faults() == []


def test_the_default_body_is_the_error_shape(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=503)

    answer = api.get("/v1/accounts")

    assert answer.json()["code"] == "service_unavailable"
    assert isinstance(answer.json()["error"], str)
    assert "x-request-id" in answer.headers


@pytest.mark.parametrize(
    "body",
    [
        {"message": "Upstream unavailable"},
        {"error": {"message": "Boom", "code": "internal", "type": "api_error"}},
        {"error": "Conflict", "code": "number_in_use", "existing_device": "dev_1"},
    ],
)
def test_a_custom_json_body_is_sent_as_given(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, body: object
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=409, body=body)

    answer = api.get("/v1/accounts")

    assert answer.status_code == 409
    assert answer.json() == body


def test_a_text_body_with_headers_and_retry_after(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault(
        "*",
        "/v1/accounts*",
        status=502,
        body="<html><body>Bad Gateway</body></html>",
        headers={"Content-Type": "text/html", "X-Proxy": "edge-1"},
        retry_after=7,
    )

    answer = api.get("/v1/accounts/acct_whatever")

    assert answer.status_code == 502
    assert answer.text == "<html><body>Bad Gateway</body></html>"
    assert answer.headers["content-type"] == "text/html"
    assert answer.headers["x-proxy"] == "edge-1"
    assert answer.headers["retry-after"] == "7"


def test_a_rule_matches_a_path_glob_and_method(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    headers = {"DialStack-Account": account_id}
    user = api.post("/v1/users", json={}, headers=headers).json()["id"]
    dialstack_emulator.add_fault("DELETE", "/v1/users/*", status=500)

    listed = api.get("/v1/users", headers=headers)
    retrieved = api.get(f"/v1/users/{user}", headers=headers)
    deleted = api.delete(f"/v1/users/{user}", headers=headers)

    assert [listed.status_code, retrieved.status_code, deleted.status_code] == [200, 200, 500]


def test_rules_of_one_key_never_fire_for_another(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    other = dialstack_emulator.server.control(dialstack_emulator.server.new_api_key())
    other.add_fault("GET", "/v1/accounts", status=500)

    mine = api.get("/v1/accounts")

    assert mine.status_code == 200
    assert len(other.faults()) == 1
    assert dialstack_emulator.faults() == []


def test_a_delay_holds_the_answer(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=2.0)

    with pytest.raises(httpx2.ReadTimeout):
        api.get("/v1/accounts", timeout=0.2)
    after = api.get("/v1/accounts", timeout=5)

    assert after.status_code == 200


def test_a_delay_combined_with_a_status(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", delay=0.1, status=504)

    assert api.get("/v1/accounts").status_code == 504


def test_drop_closes_the_connection_without_processing(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop=True)

    with pytest.raises(httpx2.RemoteProtocolError):
        api.post("/v1/accounts", json={})

    assert api.get("/v1/accounts").json()["data"] == []


def test_drop_after_commit_keeps_the_write_and_a_retry_replays_it(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", drop_after_commit=True)
    headers = {"Idempotency-Key": "dropped-create"}

    with pytest.raises(httpx2.RemoteProtocolError):
        api.post("/v1/accounts", json={"email": "kept@example.com"}, headers=headers)
    stored = api.get("/v1/accounts").json()["data"]
    retried = api.post("/v1/accounts", json={"email": "kept@example.com"}, headers=headers)

    assert [account["email"] for account in stored] == ["kept@example.com"]
    assert retried.status_code == 201
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.json()["id"] == stored[0]["id"]


def test_clear_faults(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> None:
    dialstack_emulator.add_fault("*", "*", status=500, times=5)

    dialstack_emulator.clear_faults()

    assert api.get("/v1/accounts").status_code == 200
    assert dialstack_emulator.faults() == []


@pytest.mark.parametrize(
    "rule",
    [
        {"method": "GET", "path": "/v1/accounts"},
        {"path": "/v1/accounts", "status": 99},
        {"path": "/v1/accounts", "status": 500, "drop": True},
        {"path": "/v1/accounts", "delay": -1},
        {"path": "/v1/accounts", "status": 500, "times": 0},
        {"path": "/v1/accounts", "status": 500, "colour": "red"},
        {"path": "/v1/accounts", "status": 500, "headers": {"X": 1}},
    ],
)
def test_rules_that_cannot_be_followed_are_refused(
    dialstack_emulator: EmulatorHandle, rule: dict[str, object]
) -> None:
    answer = httpx2.post(
        f"{dialstack_emulator.url}/_emulator/faults",
        json={"api_key": dialstack_emulator.api_key, **rule},
        trust_env=False,
    )

    assert answer.status_code == 400
    assert answer.json()["code"] in {"validation_error", "parameter_unknown"}
