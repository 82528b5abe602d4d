"""An account over a real socket, with the stepped clock that moves its orders on."""

from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

SUBSCRIBER: dict[str, Any] = {
    "btn": "+13125550147",
    "business_name": "Acme Dental",
    "approver_name": "Dana Smith",
    "account_number": "8812-3309",
    "pin": "4411",
    "address": {
        "house_number": "233",
        "street_name": "S Wacker Dr",
        "city": "Chicago",
        "state": "IL",
        "zip": "60606",
    },
}


@dataclass(frozen=True)
class Numbering:
    http: httpx2.Client
    emulator: EmulatorHandle
    account: str

    @property
    def headers(self) -> dict[str, str]:
        return {"DialStack-Account": self.account}

    def get(self, path: str, **params: Any) -> httpx2.Response:
        return self.http.get(path, params=params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> httpx2.Response:
        return self.http.post(path, json=body, headers=self.headers)

    def available(self, **query: Any) -> list[dict[str, Any]]:
        answer = self.get("/v1/available-phone-numbers", **query)
        assert answer.status_code == 200, answer.text
        found: list[dict[str, Any]] = answer.json()["data"]
        return found

    def order(self, *numbers: str) -> dict[str, Any]:
        answer = self.post("/v1/phone-number-orders", {"phone_numbers": list(numbers)})
        assert answer.status_code == 201, answer.text
        created: dict[str, Any] = answer.json()
        return created

    def port(self, *numbers: str, **body: Any) -> dict[str, Any]:
        answer = self.post(
            "/v1/port-orders",
            {
                "phone_numbers": list(numbers),
                "subscriber": SUBSCRIBER,
                "requested_foc_date": "2099-01-15",
                **body,
            },
        )
        assert answer.status_code == 201, answer.text
        created: dict[str, Any] = answer.json()
        return created

    def numbers(self) -> dict[str, dict[str, Any]]:
        """The account's phone numbers by E.164."""
        answer = self.get("/v1/phone-numbers", limit=100)
        assert answer.status_code == 200, answer.text
        return {number["phone_number"]: number for number in answer.json()["data"]}


@pytest.fixture
def numbering(api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle) -> Numbering:
    dialstack_emulator.step_clock()
    return Numbering(api, dialstack_emulator, account_id)
