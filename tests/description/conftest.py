"""A plain HTTP client of the test's own platform, as the emulator's own tests use."""

from collections.abc import Iterator

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


@pytest.fixture
def api(dialstack_emulator: EmulatorHandle) -> Iterator[httpx2.Client]:
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {dialstack_emulator.api_key}"},
        trust_env=False,
    ) as client:
        yield client


@pytest.fixture
def account_id(api: httpx2.Client) -> str:
    answer = api.post("/v1/accounts", json={"email": "owner@example.com"})
    assert answer.status_code == 201
    return str(answer.json()["id"])
