"""/_emulator/: health, reset, the request log and its redaction, loopback only."""

import json
import socket

import httpx2
import pytest

from dialstack.emulator import Emulator, EmulatorControl, EmulatorControlError, EmulatorHandle


def test_health(dialstack_emulator: EmulatorHandle) -> None:
    answer = httpx2.get(f"{dialstack_emulator.url}/_emulator/health", trust_env=False)

    assert answer.json() == {"status": "ok"}


def test_reset_deletes_one_keys_data_only(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    other = dialstack_emulator.server.control(dialstack_emulator.server.new_api_key())
    other_headers = {"Authorization": f"Bearer {other.api_key}"}
    kept = httpx2.post(f"{other.url}/v1/accounts", json={}, headers=other_headers, trust_env=False)

    dialstack_emulator.reset()
    still_there = httpx2.get(
        f"{other.url}/v1/accounts/{kept.json()['id']}", headers=other_headers, trust_env=False
    )

    assert api.get(f"/v1/accounts/{account_id}").status_code == 404
    assert still_there.status_code == 200


def test_reset_all() -> None:
    with Emulator() as emulator:
        keys = [emulator.new_api_key() for _ in range(2)]
        for key in keys:
            httpx2.post(
                f"{emulator.url}/v1/accounts",
                json={},
                headers={"Authorization": f"Bearer {key}"},
                trust_env=False,
            )

        httpx2.post(f"{emulator.url}/_emulator/reset", json={}, trust_env=False)
        lists = [
            httpx2.get(
                f"{emulator.url}/v1/accounts",
                headers={"Authorization": f"Bearer {key}"},
                trust_env=False,
            ).json()["data"]
            for key in keys
        ]

    assert lists == [[], []]


def test_the_request_log_records_each_request_and_hides_the_key(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    created = api.post("/v1/accounts?", json={"email": "log@example.com"})
    api.get("/v1/accounts", params={"limit": 2})
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=503)
    api.get("/v1/accounts")

    logged = dialstack_emulator.requests()
    raw = httpx2.get(f"{dialstack_emulator.url}/_emulator/requests", trust_env=False).text

    assert [(entry.method, entry.path, entry.status) for entry in logged] == [
        ("POST", "/v1/accounts", 201),
        ("GET", "/v1/accounts", 200),
        ("GET", "/v1/accounts", 503),
    ]
    assert logged[0].body == {"email": "log@example.com"}
    assert logged[0].request_id == created.headers["x-request-id"]
    assert logged[1].query == "limit=2"
    assert logged[1].body is None
    assert (
        logged[0].headers["authorization"] == f"Bearer sk_test_…{dialstack_emulator.api_key[-4:]}"
    )
    assert dialstack_emulator.api_key not in raw
    assert dialstack_emulator.api_key[8:] not in raw


def test_auth_failures_and_drops_are_logged(dialstack_emulator: EmulatorHandle) -> None:
    url = f"{dialstack_emulator.url}/v1/accounts"
    live_key = "sk_live_abcdefghijklmnop1234"
    httpx2.get(url, headers={"Authorization": f"Bearer {live_key}"}, trust_env=False)
    dialstack_emulator.add_fault("GET", "/v1/accounts", drop=True)
    with pytest.raises(httpx2.RemoteProtocolError):
        httpx2.get(
            url, headers={"Authorization": f"Bearer {dialstack_emulator.api_key}"}, trust_env=False
        )

    everything = httpx2.get(f"{dialstack_emulator.url}/_emulator/requests", trust_env=False).json()
    mine = dialstack_emulator.requests()

    assert live_key not in json.dumps(everything)
    assert any(entry["status"] == 401 for entry in everything["data"])
    assert [entry.status for entry in mine] == [0]


def _non_loopback_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for a UDP connect
        address: str = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_control_endpoints_refuse_non_loopback_clients() -> None:
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with Emulator(host="0.0.0.0") as emulator:
        port = emulator.url.rsplit(":", 1)[1]
        remote = httpx2.get(f"http://{address}:{port}/_emulator/health", trust_env=False)
        local = httpx2.get(f"http://127.0.0.1:{port}/_emulator/health", trust_env=False)

    assert remote.status_code == 403
    assert local.status_code == 200


def test_a_refused_control_call_names_it_and_never_the_key(
    dialstack_emulator: EmulatorHandle,
) -> None:
    """httpx2's own error would quote the URL, whose query holds the key."""
    key = dialstack_emulator.server.new_api_key()
    for control in (EmulatorControl(dialstack_emulator.url, key), dialstack_emulator):
        with pytest.raises(EmulatorControlError) as refused:
            control.add_fault("POST", "/v1/accounts", status=99)

        assert str(refused.value).startswith("POST /_emulator/faults answered 400: ")
        assert "status" in str(refused.value)
        assert key not in str(refused.value)
        assert dialstack_emulator.api_key not in str(refused.value)
