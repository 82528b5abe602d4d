"""Fixtures for the devices tests: an account with users, over a real socket."""

from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

YEALINK_DESKPHONE = "80:5E:0C:00:00:01"
YEALINK_BASE = "24:9A:D8:00:00:01"
GRANDSTREAM = "00:0B:82:00:00:01"
"""Grandstream's block holds deskphones and DECT bases alike."""
UNKNOWN_VENDOR = "02:11:22:33:44:55"


@dataclass(frozen=True)
class Office:
    """One test's account, seen through a raw client with the platform's key."""

    http: httpx2.Client
    emulator: EmulatorHandle
    account: str

    @property
    def headers(self) -> dict[str, str]:
        return {"DialStack-Account": self.account}

    def get(self, path: str, **params: Any) -> httpx2.Response:
        return self.http.get(path, params=params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> httpx2.Response:
        return self.http.post(path, json=body or {}, headers=self.headers)

    def delete(self, path: str) -> httpx2.Response:
        return self.http.delete(path, headers=self.headers)

    def made(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        answer = self.post(path, body)
        assert answer.status_code in {200, 201}, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def user(self, name: str = "Ada Lovelace") -> str:
        return str(self.made("/v1/users", {"name": name})["id"])

    def device(self, **body: Any) -> str:
        return str(self.made("/v1/devices", body)["id"])

    def read(self, device_id: str, **params: Any) -> dict[str, Any]:
        answer = self.get(f"/v1/devices/{device_id}", **params)
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def clock(self, **body: Any) -> None:
        answer = httpx2.post(
            f"{self.emulator.url}/_emulator/clock",
            json={"api_key": self.emulator.api_key, **body},
            trust_env=False,
        )
        assert answer.status_code == 200, answer.text


@pytest.fixture
def office(api: httpx2.Client, dialstack_emulator: EmulatorHandle, account_id: str) -> Office:
    return Office(api, dialstack_emulator, account_id)
