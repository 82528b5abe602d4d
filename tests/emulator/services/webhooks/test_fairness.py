"""Delivery slots are shared fairly, over real sockets with real receivers: a tenant whose
receiver never answers holds only its own share, and within a tenant a slow endpoint holds
only its own slots. The bounds are generous: they say "not starved", not "fast"."""

import time
from collections.abc import Iterator

import httpx2
import pytest

from dialstack.emulator import Emulator
from dialstack.testing.webhooks import WebhookReceiver

_NOISY_DELIVERIES = 48  # three times every slot there is


class _Tenant:
    def __init__(self, emulator: Emulator) -> None:
        self.key = emulator.new_api_key()
        self.http = httpx2.Client(
            base_url=emulator.url, headers={"Authorization": f"Bearer {self.key}"}, trust_env=False
        )
        answer = self.http.post("/v1/accounts", json={"email": "owner@example.com"})
        assert answer.status_code == 201, answer.text
        self.account_id = str(answer.json()["id"])

    def trigger(self, times: int = 1) -> None:
        for _ in range(times):
            answer = self.http.post(
                "/v1/test_helpers/events",
                json={"event": "call.end"},
                headers={"DialStack-Account": self.account_id},
            )
            assert answer.status_code == 201, answer.text


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as started:
        yield started


@pytest.fixture
def tenants(emulator: Emulator) -> Iterator[list[_Tenant]]:
    made = [_Tenant(emulator), _Tenant(emulator)]
    try:
        yield made
    finally:
        for tenant in made:
            tenant.http.close()


@pytest.fixture
def receivers() -> Iterator[list[WebhookReceiver]]:
    made: list[WebhookReceiver] = []
    try:
        yield made
    finally:
        for receiver in made:
            receiver.close()


def _receiver(made: list[WebhookReceiver]) -> WebhookReceiver:
    receiver = WebhookReceiver()
    made.append(receiver)
    return receiver


def test_a_tenant_whose_receiver_hangs_does_not_starve_another(
    emulator: Emulator, tenants: list[_Tenant], receivers: list[WebhookReceiver]
) -> None:
    noisy, victim = tenants
    hanging = _receiver(receivers)
    hanging.hang_next(_NOISY_DELIVERIES)
    hanging.register(emulator.url, noisy.key)
    noisy.trigger(_NOISY_DELIVERIES)
    listening = _receiver(receivers)
    listening.register(emulator.url, victim.key)
    time.sleep(0.3)  # the noisy deliveries have taken every slot they may

    victim.trigger()

    listening.wait_for(1, timeout=3)
    assert listening.flush(timeout=3)["delivered"] == 1


def test_a_slow_endpoint_does_not_hold_up_its_tenants_others(
    emulator: Emulator, tenants: list[_Tenant], receivers: list[WebhookReceiver]
) -> None:
    tenant = tenants[0]
    slow = _receiver(receivers)
    slow.hang_next(1_000)
    slow.register(emulator.url, tenant.key)
    fast = [_receiver(receivers) for _ in range(4)]
    for receiver in fast:
        receiver.register(emulator.url, tenant.key)

    tenant.trigger(20)

    for receiver in fast:
        assert len(receiver.wait_for(20, timeout=5)) == 20
    assert slow.events == []
