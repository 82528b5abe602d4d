"""A tenant's webhook endpoint never makes the emulator act on itself: over real sockets, an
attacker points endpoints at the emulator's own ``/_emulator/reset`` (every spelling of
this machine, a name that resolves to it, a receiver that redirects or relays there) and a
victim tenant's data survives."""

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2
import pytest

from dialstack.emulator import Emulator
from dialstack.emulator.core.self_delivery import DELIVERY_HEADER
from dialstack.testing.webhooks import WebhookReceiver


class Tenant:
    def __init__(self, emulator: Emulator) -> None:
        self.key = emulator.new_api_key()
        self.url = emulator.url
        self.http = httpx2.Client(
            base_url=emulator.url,
            headers={"Authorization": f"Bearer {self.key}"},
            trust_env=False,
            timeout=30,
        )

    def control(self, path: str, **body: Any) -> httpx2.Response:
        return httpx2.post(
            f"{self.url}{path}", json={"api_key": self.key, **body}, trust_env=False, timeout=60
        )

    def flush(self) -> dict[str, int]:
        answer = self.control("/_emulator/webhook_deliveries/flush", timeout=30)
        assert answer.status_code == 200, answer.text
        counts: dict[str, int] = answer.json()
        return counts

    def trigger(self, account_id: str) -> None:
        answer = self.http.post(
            "/v1/test_helpers/events",
            json={"event": "call.end"},
            headers={"DialStack-Account": account_id},
        )
        assert answer.status_code == 201, answer.text


class _Emulator(Emulator):
    """Closes the tenants' clients it made when it stops."""

    made: list[Tenant]

    def tenant(self) -> Tenant:
        made = Tenant(self)
        self.made.append(made)
        return made


@pytest.fixture
def emulator() -> Iterator[_Emulator]:
    with _Emulator() as started:
        started.made = []
        try:
            yield started
        finally:
            for tenant in started.made:
                tenant.http.close()


def _account(tenant: Tenant) -> str:
    answer = tenant.http.post("/v1/accounts", json={"email": "owner@example.com"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _victim_is_intact(victim: Tenant, account_id: str, events: int) -> None:
    assert victim.http.get(f"/v1/accounts/{account_id}").status_code == 200
    logged = httpx2.get(
        f"{victim.url}/_emulator/events", params={"api_key": victim.key}, trust_env=False
    ).json()["data"]
    assert len(logged) == events


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",
        "127.9.9.9",
        "0x7f.0.0.1",
        "2130706433",
        "0.0.0.0",
        "localhost",
        "LOCALHOST.",
        "api.localhost",
    ],
)
def test_an_endpoint_at_the_emulators_own_address_is_refused_when_made(
    emulator: _Emulator, host: str
) -> None:
    attacker = emulator.tenant()
    port = emulator.url.rsplit(":", 1)[1]

    answer = attacker.http.post(
        "/v1/webhook_endpoints", json={"url": f"http://{host}:{port}/_emulator/reset"}
    )

    assert answer.status_code == 422, answer.text
    assert answer.json()["details"]["field"] == "url"
    assert "never delivered to the emulator itself" in answer.json()["error"]


@pytest.mark.parametrize("host", ["[::1]", "[::ffff:127.0.0.1]"])
def test_an_ipv6_literal_is_refused_by_the_description(emulator: _Emulator, host: str) -> None:
    """The description admits host names and IPv4 addresses only, so the emulator's own
    address in IPv6 never gets as far as the emulator's own check."""
    attacker = emulator.tenant()
    port = emulator.url.rsplit(":", 1)[1]

    answer = attacker.http.post(
        "/v1/webhook_endpoints", json={"url": f"http://{host}:{port}/_emulator/reset"}
    )

    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "validation_error"
    assert answer.json()["details"]["field"] == "url"
    assert attacker.http.get("/v1/webhook_endpoints").json()["data"] == []


def test_an_update_to_the_emulators_own_address_is_refused(emulator: _Emulator) -> None:
    attacker = emulator.tenant()
    made = attacker.http.post("/v1/webhook_endpoints", json={"url": "https://example.com/h"})
    port = emulator.url.rsplit(":", 1)[1]

    answer = attacker.http.post(
        f"/v1/webhook_endpoints/{made.json()['id']}",
        json={"url": f"http://localhost:{port}/_emulator/reset"},
    )

    assert answer.status_code == 422, answer.text


def test_another_port_on_this_machine_is_still_a_receiver(emulator: _Emulator) -> None:
    tenant = emulator.tenant()
    account_id = _account(tenant)
    receiver = WebhookReceiver()
    try:
        receiver.register(emulator.url, tenant.key)
        tenant.trigger(account_id)

        assert tenant.flush()["delivered"] == 1
        assert len(receiver.events) == 1
    finally:
        receiver.close()


def test_a_name_resolving_to_this_machine_is_refused_at_delivery(emulator: _Emulator) -> None:
    name = socket.gethostname()
    try:
        socket.getaddrinfo(name, 80)
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    victim, attacker = emulator.tenant(), emulator.tenant()
    victim_account, attacker_account = _account(victim), _account(attacker)
    victim.trigger(victim_account)
    port = emulator.url.rsplit(":", 1)[1]
    made = attacker.http.post(
        "/v1/webhook_endpoints", json={"url": f"http://{name}:{port}/_emulator/reset"}
    )
    assert made.status_code == 201, made.text  # a name: only its resolution says where it is

    attacker.trigger(attacker_account)
    counts = attacker.flush()

    assert counts["delivered"] == 0
    (delivery,) = httpx2.get(
        f"{emulator.url}/_emulator/webhook_deliveries",
        params={"api_key": attacker.key},
        trust_env=False,
    ).json()["data"]
    assert delivery["attempts"][0]["error"].startswith("refused: the URL is this emulator's")
    _victim_is_intact(victim, victim_account, events=1)


class _Bouncer:
    """A receiver that sends each delivery back to ``target``: by a redirect, or by relaying
    the request itself with all its headers."""

    def __init__(self, target: str, relay: bool) -> None:
        self.relayed: list[int] = []
        bouncer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                if relay:
                    headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                    answer = httpx2.post(target, content=body, headers=headers, trust_env=False)
                    bouncer.relayed.append(answer.status_code)
                    self.send_response(200)
                else:
                    self.send_response(307)
                    self.send_header("location", target)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                del format, args

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.mark.parametrize("relay", [False, True], ids=["redirect", "relay"])
def test_a_receiver_sending_the_delivery_back_cannot_reset_anyone(
    emulator: _Emulator, relay: bool
) -> None:
    victim, attacker = emulator.tenant(), emulator.tenant()
    victim_account, attacker_account = _account(victim), _account(attacker)
    victim.trigger(victim_account)
    bouncer = _Bouncer(f"{emulator.url}/_emulator/reset", relay)
    try:
        made = attacker.http.post("/v1/webhook_endpoints", json={"url": bouncer.url})
        assert made.status_code == 201, made.text

        attacker.trigger(attacker_account)
        attacker.flush()

        _victim_is_intact(victim, victim_account, events=1)
        assert bouncer.relayed == ([403] if relay else [])
    finally:
        bouncer.close()


def test_a_request_marked_as_a_delivery_is_refused_on_every_path(emulator: _Emulator) -> None:
    victim = emulator.tenant()
    victim_account = _account(victim)
    marked = {DELIVERY_HEADER: "whdel_forged", "content-type": "application/json"}

    reset = httpx2.post(
        f"{emulator.url}/_emulator/reset", content=b"{}", headers=marked, trust_env=False
    )
    api = victim.http.get(f"/v1/accounts/{victim_account}", headers=marked)

    assert (reset.status_code, api.status_code) == (403, 403)
    assert "reached the emulator itself" in json.loads(reset.text)["error"]
    _victim_is_intact(victim, victim_account, events=0)
