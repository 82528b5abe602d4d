"""The control calls the onboarding tests make: the terms in effect, live accounts, admins."""

from typing import Any

import httpx2

from dialstack.emulator import EmulatorHandle

PRICING = {"per_user_rate": 1500, "per_did_rate": 300, "per_voiceai_location_rate": 9900}


def control(emulator: EmulatorHandle, path: str, **body: Any) -> httpx2.Response:
    return httpx2.post(
        f"{emulator.url}/_emulator/{path}",
        json={"api_key": emulator.api_key, **body},
        trust_env=False,
    )


def make_live(emulator: EmulatorHandle, account_id: str) -> dict[str, Any]:
    answer = control(emulator, "live_accounts", account=account_id)
    assert answer.status_code == 200, answer.text
    account: dict[str, Any] = answer.json()
    return account


def bump_terms(emulator: EmulatorHandle, **body: Any) -> dict[str, Any]:
    answer = control(emulator, "tos/version", **body)
    assert answer.status_code == 200, answer.text
    agreement: dict[str, Any] = answer.json()
    return agreement


def step_clock(emulator: EmulatorHandle, **body: Any) -> None:
    answer = control(emulator, "clock", **body)
    assert answer.status_code == 200, answer.text
