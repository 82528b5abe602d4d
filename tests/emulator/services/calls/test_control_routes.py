"""The simulator's control endpoints answer loopback clients only; media links need none."""

import socket

import httpx2
import pytest

from dialstack.emulator import Emulator


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


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_emulator/clock?api_key=sk_test_x"),
        ("POST", "/_emulator/clock"),
        ("POST", "/_emulator/phone_numbers"),
    ],
)
def test_simulator_controls_refuse_non_loopback_clients(method: str, path: str) -> None:
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    body = {"api_key": "sk_test_x", "mode": "stepped"}
    with Emulator(host="0.0.0.0") as emulator:
        port = emulator.url.rsplit(":", 1)[1]
        remote = httpx2.request(
            method, f"http://{address}:{port}{path}", json=body, trust_env=False
        )
        state = httpx2.get(
            f"http://127.0.0.1:{port}/_emulator/clock?api_key=sk_test_x", trust_env=False
        )

    assert remote.status_code == 403
    assert state.json()["mode"] == "real"
