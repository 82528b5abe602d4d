"""A platform with an account and a user, the simulator and presence's control routes."""

from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from ..calls.conftest import Platform, new_account, new_user


@dataclass(frozen=True)
class PresencePlatform(Platform):
    def control(self, method: str, path: str, **body: Any) -> httpx2.Response:
        identity = {"api_key": self.emulator.api_key, "account": self.account}
        url = f"{self.emulator.url}/_emulator{path}"
        if method == "DELETE":
            return httpx2.delete(url, params=identity, trust_env=False)
        return httpx2.post(url, json={**identity, **body}, trust_env=False)

    def register(self, user: str, *, registered: bool = True, **body: Any) -> dict[str, Any]:
        answer = self.control(
            "POST", "/presence/registrations", user=user, registered=registered, **body
        )
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def park(self, slot: int, **body: Any) -> dict[str, Any]:
        answer = self.control("POST", "/park_slots", slot=slot, **body)
        assert answer.status_code == 201, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def post(self, path: str, **body: Any) -> httpx2.Response:
        return self.http.post(path, json=body, headers=self.headers)


@pytest.fixture
def presence(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> PresencePlatform:
    account = new_account(api)
    return PresencePlatform(api, dialstack_emulator, account, new_user(api, account))
