"""Fixtures for the calls tests: a recording, transcribing account with a user, over a
real socket, and the simulator's control endpoints."""

from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


@dataclass(frozen=True)
class Platform:
    """One test's platform: a raw client with the key, an account and one of its users."""

    http: httpx2.Client
    emulator: EmulatorHandle
    account: str
    user: str

    @property
    def headers(self) -> dict[str, str]:
        return {"DialStack-Account": self.account}

    def get(self, path: str, **params: Any) -> httpx2.Response:
        return self.http.get(path, params=params, headers=self.headers)

    def simulate(self, **body: Any) -> dict[str, Any]:
        answer = self.http.post(
            "/v1/test_helpers/calls", json={"user": self.user, **body}, headers=self.headers
        )
        assert answer.status_code == 201, answer.text
        created: dict[str, Any] = answer.json()
        return created

    def get_as_another_platform(self, path: str) -> httpx2.Response:
        """``GET path`` naming this platform's account with another platform's key."""
        with httpx2.Client(
            base_url=self.emulator.url,
            headers={"Authorization": f"Bearer {self.emulator.server.new_api_key()}"},
            trust_env=False,
        ) as other_platform:
            return other_platform.get(path, headers=self.headers)

    def call(self, call_id: str) -> dict[str, Any]:
        answer = self.get(f"/v1/calls/{call_id}")
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def clock(self, **body: Any) -> dict[str, Any]:
        answer = httpx2.post(
            f"{self.emulator.url}/_emulator/clock",
            json={"api_key": self.emulator.api_key, **body},
            trust_env=False,
        )
        assert answer.status_code == 200, answer.text
        state: dict[str, Any] = answer.json()
        return state

    def session(self, *components: str) -> str:
        answer = self.http.post(
            "/v1/account_sessions",
            json={
                "account": self.account,
                "components": {name: {"enabled": True} for name in components},
            },
        )
        assert answer.status_code == 201, answer.text
        return str(answer.json()["client_secret"])


def new_account(http: httpx2.Client, *, records: bool = True) -> str:
    config = {"recording_enabled": records, "transcription_enabled": records}
    answer = http.post("/v1/accounts", json={"email": "owner@example.com", "config": config})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def new_user(http: httpx2.Client, account: str, name: str = "Ada Lovelace") -> str:
    answer = http.post("/v1/users", json={"name": name}, headers={"DialStack-Account": account})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


@pytest.fixture
def platform(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> Platform:
    """``api`` (tests/conftest.py) with a recording account and one of its users."""
    account = new_account(api)
    return Platform(api, dialstack_emulator, account, new_user(api, account))
