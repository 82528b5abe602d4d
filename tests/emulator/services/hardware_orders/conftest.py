"""An account over a real socket, the catalog read from its control route, and the vendor's
review steps; fulfilment runs against the devices stand-in until a service provides them."""

from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


@dataclass(frozen=True)
class Shop:
    http: httpx2.Client
    emulator: EmulatorHandle
    account: str
    catalog: dict[str, dict[str, Any]]
    """Catalog item by model (``T54W``, ``W70B``, ...)."""

    @property
    def headers(self) -> dict[str, str]:
        return {"DialStack-Account": self.account}

    def item_id(self, model: str) -> str:
        return str(self.catalog[model]["id"])

    def order(self, **lines: int) -> dict[str, Any]:
        """An order of ``model=quantity`` lines."""
        items = [
            {"hardware_catalog": self.item_id(model.replace("_", " ")), "quantity": count}
            for model, count in lines.items()
        ]
        answer = self.http.post("/v1/hardware-orders", json={"items": items}, headers=self.headers)
        assert answer.status_code == 201, answer.text
        created: dict[str, Any] = answer.json()
        return created

    def get(self, path: str, **params: Any) -> httpx2.Response:
        return self.http.get(path, params=params, headers=self.headers)

    def post(self, path: str, body: Any) -> httpx2.Response:
        return self.http.post(path, json=body, headers=self.headers)

    def review(self, order_id: str, status: str, **body: Any) -> httpx2.Response:
        return httpx2.post(
            f"{self.emulator.url}/_emulator/hardware_orders/{order_id}",
            json={"api_key": self.emulator.api_key, "status": status, **body},
            trust_env=False,
        )


def read_catalog(emulator: EmulatorHandle) -> dict[str, dict[str, Any]]:
    answer = httpx2.get(f"{emulator.url}/_emulator/hardware_catalog", trust_env=False)
    assert answer.status_code == 200, answer.text
    return {item["model"]: item for item in answer.json()["data"]}


@pytest.fixture
def shop(api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle) -> Shop:
    return Shop(api, dialstack_emulator, account_id, read_catalog(dialstack_emulator))
