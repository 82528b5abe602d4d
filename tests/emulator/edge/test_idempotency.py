"""Idempotency keys: replay, conflicts, and a retry racing the first request."""

import threading

import httpx2

from dialstack.emulator import EmulatorHandle


def test_a_repeated_key_replays_the_first_answer(api: httpx2.Client) -> None:
    headers = {"Idempotency-Key": "create-1"}

    first = api.post("/v1/accounts", json={"email": "a@example.com"}, headers=headers)
    again = api.post("/v1/accounts", json={"email": "a@example.com"}, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert len(api.get("/v1/accounts").json()["data"]) == 1


def test_a_key_with_other_parameters_is_400_naming_the_conflict(
    api: httpx2.Client, account_id: str
) -> None:
    headers = {"Idempotency-Key": "k"}
    api.post("/v1/accounts", json={"email": "a@example.com"}, headers=headers)

    other_body = api.post("/v1/accounts", json={"email": "b@example.com"}, headers=headers)
    other_path = api.post(
        f"/v1/accounts/{account_id}", json={"email": "a@example.com"}, headers=headers
    )

    assert other_body.status_code == 400
    assert other_body.json()["code"] == "idempotency_key_reused"
    assert "body" in other_body.json()["error"]
    assert other_path.json()["code"] == "idempotency_key_reused"
    assert "path" in other_path.json()["error"]


def test_keys_are_per_platform(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> None:
    headers = {"Idempotency-Key": "shared-key"}
    mine = api.post("/v1/accounts", json={}, headers=headers)

    theirs = httpx2.post(
        f"{dialstack_emulator.url}/v1/accounts",
        json={},
        headers={**headers, "Authorization": f"Bearer {dialstack_emulator.server.new_api_key()}"},
        trust_env=False,
    )

    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]
    assert "idempotent-replayed" not in theirs.headers


def test_a_4xx_answer_is_replayed_too(api: httpx2.Client) -> None:
    headers = {"Idempotency-Key": "bad"}

    first = api.post("/v1/accounts", json={"email": "nope"}, headers=headers)
    again = api.post("/v1/accounts", json={"email": "nope"}, headers=headers)

    assert first.status_code == again.status_code == 400
    assert again.headers["idempotent-replayed"] == "true"


def test_a_5xx_fault_is_not_recorded(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", status=503)
    headers = {"Idempotency-Key": "retry-me"}

    failed = api.post("/v1/accounts", json={}, headers=headers)
    retried = api.post("/v1/accounts", json={}, headers=headers)

    assert failed.status_code == 503
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers


def test_concurrent_requests_with_one_key_never_both_run(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    dialstack_emulator.add_fault("POST", "/v1/accounts", delay=1.0)
    headers = {"Idempotency-Key": "race", "Authorization": f"Bearer {dialstack_emulator.api_key}"}
    slow: list[httpx2.Response] = []
    request_seen = threading.Event()

    def first_request() -> None:
        slow.append(
            httpx2.post(
                f"{dialstack_emulator.url}/v1/accounts", json={}, headers=headers, trust_env=False
            )
        )

    thread = threading.Thread(target=first_request)
    thread.start()
    # The fault rule is consumed when the first request arrives; then it is running.
    while dialstack_emulator.faults():
        request_seen.wait(0.01)
    racing = api.post("/v1/accounts", json={}, headers={"Idempotency-Key": "race"})
    thread.join()
    after = api.post("/v1/accounts", json={}, headers={"Idempotency-Key": "race"})

    assert racing.status_code == 409
    assert racing.json()["code"] == "idempotency_key_in_use"
    assert slow[0].status_code == 201
    assert after.json() == slow[0].json()
    assert len(api.get("/v1/accounts").json()["data"]) == 1
