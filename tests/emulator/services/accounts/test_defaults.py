"""The emulator's account defaults are the API's: each test names where the vendor says so.

"index.ts" is the vendor's Node server SDK, ``server/src/index.ts`` of the public repository
``dialstack/dialstack-sdk``: its types document what the API sends."""

import re
from typing import Any

import httpx2
import pytest

ADDRESS = {
    "street": "Main St",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country": "US",
}


def _created(api: httpx2.Client, **fields: Any) -> dict[str, Any]:
    answer = api.post("/v1/accounts", json={"email": "owner@example.com", **fields})
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


@pytest.mark.parametrize(
    ("setting", "default", "source"),
    [
        ("region", "US", 'AccountConfig.region: ISO 3166-1 alpha-2 (default: "US")'),
        ("extension_length", 4, "AccountConfig.extension_length: 3-6 (default: 4)"),
        ("transcription_enabled", True, "AccountConfig.transcription_enabled (default: true)"),
        ("recording_enabled", True, "AccountConfig.recording_enabled (default: true)"),
        ("redaction_enabled", False, "AccountConfig.redaction_enabled (default: false)"),
        ("timezone", "UTC", 'AccountConfig.timezone: IANA timezone (default: "UTC")'),
        (
            "default_agent_visible",
            None,
            "AccountConfig.default_agent_visible: null/undefined inherits the platform default",
        ),
    ],
)
def test_a_setting_left_out_takes_the_vendors_default(
    api: httpx2.Client, setting: str, default: object, source: str
) -> None:
    config = _created(api)["config"]

    assert config[setting] == default, f"index.ts, {source}"


def test_a_setting_given_replaces_its_default_alone(api: httpx2.Client) -> None:
    # How a test gets recording off now that it is on by default: it says so.
    config = _created(api, config={"recording_enabled": False})["config"]

    assert (config["recording_enabled"], config["transcription_enabled"]) == (False, True)


@pytest.mark.parametrize("spelling", ["address", "billing_address"])
def test_the_creation_address_becomes_the_main_location(api: httpx2.Client, spelling: str) -> None:
    # index.ts, AccountCreateAddress: "Exactly one address is required at creation and
    # becomes the account's main location" (`billing_address` its deprecated alias).
    account = _created(api, **{spelling: ADDRESS})

    assert re.fullmatch(r"loc_[0-7][0-9a-z]{25}", account["main_location_id"])
    assert api.get(f"/v1/accounts/{account['id']}").json() == account


def test_each_account_has_its_own_location(api: httpx2.Client) -> None:
    first, second = _created(api, address=ADDRESS), _created(api, address=ADDRESS)

    assert first["main_location_id"] != second["main_location_id"]


def test_a_sandbox_account_needs_no_terms(api: httpx2.Client) -> None:
    # index.ts, Account.tos_status: "`not_required` — a non-live account, never prompted";
    # the emulator takes only test keys (sk_test_), so every account is non-live.
    account = _created(api)

    assert account["tos_status"] == "not_required"
    assert account["tos_accepted_at"] is None
