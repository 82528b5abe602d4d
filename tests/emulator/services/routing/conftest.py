"""An account with two users, for the routing tests."""

import httpx2
import pytest


@pytest.fixture
def in_account(account_id: str) -> dict[str, str]:
    return {"DialStack-Account": account_id}


@pytest.fixture
def user_id(api: httpx2.Client, in_account: dict[str, str]) -> str:
    return str(api.post("/v1/users", json={"name": "Ada"}, headers=in_account).json()["id"])


@pytest.fixture
def other_user_id(api: httpx2.Client, in_account: dict[str, str]) -> str:
    return str(api.post("/v1/users", json={"name": "Grace"}, headers=in_account).json()["id"])
