"""Pricing and the terms of service: what an account pays, the agreement in effect, and the
acceptance that signs a live account until the agreement moves on."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .onboarding_support import PRICING, bump_terms, control, make_live, step_clock


@pytest.fixture
def priced_account(api: httpx2.Client) -> str:
    answer = api.post(
        "/v1/accounts",
        json={"email": "owner@example.com", "primary_contact_name": "Ada", "pricing": PRICING},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


@pytest.fixture
def live_account(dialstack_emulator: EmulatorHandle, priced_account: str) -> str:
    make_live(dialstack_emulator, priced_account)
    return priced_account


def _accept(api: httpx2.Client, account_id: str, version: str, **kwargs: Any) -> httpx2.Response:
    return api.post(f"/v1/accounts/{account_id}/tos", json={"version": version}, **kwargs)


def _version(api: httpx2.Client, account_id: str) -> str:
    return str(api.get(f"/v1/accounts/{account_id}/tos").json()["version"])


def test_pricing_is_what_the_account_was_created_with(
    api: httpx2.Client, priced_account: str
) -> None:
    answer = api.get(f"/v1/accounts/{priced_account}/pricing")

    assert answer.status_code == 200
    assert answer.json() == PRICING


def test_an_account_created_without_pricing_has_none_to_show(
    api: httpx2.Client, account_id: str
) -> None:
    answer = api.get(f"/v1/accounts/{account_id}/pricing")

    assert answer.status_code == 404
    assert answer.json()["code"] == "resource_missing"


def test_update_pricing_replaces_all_three_rates_and_the_account_shows_them(
    api: httpx2.Client, account_id: str
) -> None:
    rates = {"per_user_rate": 0, "per_did_rate": 250, "per_voiceai_location_rate": 12000}

    updated = api.post(f"/v1/accounts/{account_id}/pricing", json=rates)

    assert updated.status_code == 200
    assert updated.json() == rates
    assert api.get(f"/v1/accounts/{account_id}/pricing").json() == rates
    assert api.get(f"/v1/accounts/{account_id}").json()["pricing"] == rates


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        (
            {"per_user_rate": 1, "per_did_rate": 1},
            400,
            "validation_error",
            "per_voiceai_location_rate",
        ),
        ({**PRICING, "per_user_rate": -1}, 400, "validation_error", "per_user_rate"),
        ({**PRICING, "per_did_rate": "300"}, 400, "validation_error", "per_did_rate"),
        ({**PRICING, "per_did_rate": 2.5}, 400, "validation_error", "per_did_rate"),
        ({**PRICING, "per_did_rate": True}, 400, "validation_error", "per_did_rate"),
        ({**PRICING, "per_did_rate": None}, 400, "validation_error", "per_did_rate"),
        ({**PRICING, "currency": "usd"}, 400, "parameter_unknown", "currency"),
        ({}, 400, "validation_error", None),
    ],
    ids=["missing rate", "negative", "text", "fraction", "boolean", "null", "unknown key", "empty"],
)
def test_bad_pricing_is_refused_naming_the_field(
    api: httpx2.Client,
    priced_account: str,
    body: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    answer = api.post(f"/v1/accounts/{priced_account}/pricing", json=body)

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    if field is not None:
        assert answer.json()["details"]["field"] == field
    assert api.get(f"/v1/accounts/{priced_account}/pricing").json() == PRICING


def test_the_terms_are_a_dated_agreement_with_its_texts(
    api: httpx2.Client, priced_account: str
) -> None:
    tos = api.get(f"/v1/accounts/{priced_account}/tos").json()

    assert tos["version"] == "2026-01-01"
    assert tos["url"].startswith("https://")
    assert "911" in tos["content"]
    assert tos["body"].startswith("<")
    assert tos["acceptance"] is None
    assert "pricing" not in tos


def test_expanding_pricing_adds_the_accounts_rates(
    api: httpx2.Client, priced_account: str, account_id: str
) -> None:
    priced = api.get(f"/v1/accounts/{priced_account}/tos", params={"expand[]": "pricing"})
    unpriced = api.get(f"/v1/accounts/{account_id}/tos", params={"expand[]": "pricing"})

    assert priced.json()["pricing"] == PRICING
    assert unpriced.json()["pricing"] is None


def test_a_sandbox_account_is_not_required_to_sign(api: httpx2.Client, priced_account: str) -> None:
    before = api.get(f"/v1/accounts/{priced_account}").json()
    accepted = _accept(api, priced_account, "2026-01-01")
    after = api.get(f"/v1/accounts/{priced_account}").json()

    assert before["tos_status"] == after["tos_status"] == "not_required"
    assert accepted.status_code == 200
    assert after["tos_accepted_at"] == accepted.json()["acceptance"]["accepted_at"]


def test_a_live_account_goes_from_unsigned_to_signed_on_accepting(
    api: httpx2.Client, live_account: str
) -> None:
    unsigned = api.get(f"/v1/accounts/{live_account}").json()

    accepted = _accept(api, live_account, _version(api, live_account))

    signed = api.get(f"/v1/accounts/{live_account}").json()
    listed = {account["id"]: account for account in api.get("/v1/accounts").json()["data"]}
    acceptance = accepted.json()["acceptance"]
    assert (unsigned["tos_status"], unsigned["tos_accepted_at"]) == ("unsigned", None)
    assert accepted.status_code == 200
    assert signed["tos_status"] == "signed"
    assert signed["tos_accepted_at"] == acceptance["accepted_at"]
    assert listed[live_account]["tos_status"] == "signed"
    assert acceptance["pricing"] == PRICING


def test_the_evidence_is_the_requests_own(api: httpx2.Client, live_account: str) -> None:
    answer = _accept(api, live_account, "2026-01-01", headers={"User-Agent": "Portal/7.1"})

    acceptance = answer.json()["acceptance"]
    assert acceptance["ip"] == "127.0.0.1"
    assert acceptance["user_agent"] == "Portal/7.1"


@pytest.mark.parametrize("field", ["ip", "user_agent", "accepted_at"])
def test_evidence_in_the_body_is_refused(api: httpx2.Client, live_account: str, field: str) -> None:
    answer = api.post(
        f"/v1/accounts/{live_account}/tos", json={"version": "2026-01-01", field: "10.0.0.1"}
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == "parameter_unknown"
    assert answer.json()["details"]["field"] == field
    assert api.get(f"/v1/accounts/{live_account}/tos").json()["acceptance"] is None


def test_accepting_again_returns_the_same_acceptance(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, live_account: str
) -> None:
    step_clock(dialstack_emulator, mode="stepped")
    first = _accept(api, live_account, "2026-01-01", headers={"User-Agent": "first"}).json()
    step_clock(dialstack_emulator, advance_seconds=3600)

    again = _accept(api, live_account, "2026-01-01", headers={"User-Agent": "second"}).json()

    assert again["acceptance"] == first["acceptance"]
    assert again["acceptance"]["user_agent"] == "first"


def test_a_new_version_unsigns_the_account_until_it_accepts_that_one(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, live_account: str
) -> None:
    _accept(api, live_account, "2026-01-01")

    agreement = bump_terms(dialstack_emulator, version="2026-06-01")

    moved = api.get(f"/v1/accounts/{live_account}/tos").json()
    account = api.get(f"/v1/accounts/{live_account}").json()
    stale = _accept(api, live_account, "2026-01-01")
    current = _accept(api, live_account, "2026-06-01")
    assert agreement["version"] == moved["version"] == "2026-06-01"
    assert moved["url"] != "" and "2026-06-01" in moved["url"]
    assert moved["acceptance"] is None
    assert (account["tos_status"], account["tos_accepted_at"]) == ("unsigned", None)
    assert stale.status_code == 409
    assert stale.json()["code"] == "tos_version_stale"
    assert stale.json()["error"] == "Agreement version is out of date"
    assert current.status_code == 200
    assert api.get(f"/v1/accounts/{live_account}").json()["tos_status"] == "signed"


def test_a_bump_without_a_version_moves_the_terms_a_day_with_the_texts_given(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, priced_account: str
) -> None:
    bump_terms(dialstack_emulator, content="Tick to agree, 911 included.")

    tos = api.get(f"/v1/accounts/{priced_account}/tos").json()

    assert tos["version"] == "2026-01-02"
    assert tos["content"] == "Tick to agree, 911 included."


def test_the_terms_move_for_one_platform_only(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, priced_account: str
) -> None:
    other_key = dialstack_emulator.server.new_api_key()
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {other_key}"},
        trust_env=False,
    ) as other:
        other_account = other.post("/v1/accounts", json={}).json()["id"]
        bump_terms(dialstack_emulator, version="2027-01-01")

        assert _version(other, other_account) == "2026-01-01"
    assert _version(api, priced_account) == "2027-01-01"


def test_a_stale_version_is_refused_before_missing_pricing(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, account_id: str
) -> None:
    make_live(dialstack_emulator, account_id)

    stale = _accept(api, account_id, "2025-12-31")
    unpriced = _accept(api, account_id, "2026-01-01")

    assert stale.status_code == 409
    assert stale.json()["code"] == "tos_version_stale"
    assert unpriced.status_code == 422
    assert unpriced.json()["details"]["field"] == "pricing"
    assert api.get(f"/v1/accounts/{account_id}").json()["tos_status"] == "unsigned"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "validation_error"),
        ({"version": "01/01/2026"}, "validation_error"),
        ({"version": 20260101}, "validation_error"),
        ({"version": None}, "validation_error"),
        ({"version": "2026-01-01", "accepted": True}, "parameter_unknown"),
    ],
    ids=["no version", "another format", "number", "null", "unknown key"],
)
def test_bad_acceptances_are_refused_naming_the_field(
    api: httpx2.Client, live_account: str, body: dict[str, Any], code: str
) -> None:
    answer = api.post(f"/v1/accounts/{live_account}/tos", json=body)

    assert answer.status_code == 400
    assert answer.json()["code"] == code
    assert answer.json()["details"]["field"] in {"version", "accepted"}


def test_another_platforms_account_has_no_terms_or_pricing_here(
    dialstack_emulator: EmulatorHandle, priced_account: str
) -> None:
    other_key = dialstack_emulator.server.new_api_key()
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": f"Bearer {other_key}"},
        trust_env=False,
    ) as other:
        answers = [
            other.get(f"/v1/accounts/{priced_account}/pricing"),
            other.post(f"/v1/accounts/{priced_account}/pricing", json=PRICING),
            other.get(f"/v1/accounts/{priced_account}/tos"),
            _accept(other, priced_account, "2026-01-01"),
        ]

    assert [answer.status_code for answer in answers] == [404] * 4


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": "2025-12-31"}, "version"),
        ({"version": "2026-01-01"}, "version"),
        ({"version": "2026-13-01"}, "version"),
        ({"version": "2026-W01-1"}, "version"),
        ({"version": 5}, "version"),
        ({"content": ""}, "content"),
        ({"body": "x" * (64 * 1024 + 1)}, "body"),
        ({"url": 7}, "url"),
    ],
)
def test_the_terms_only_move_forward_to_a_real_date(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, body: dict[str, Any], field: str
) -> None:
    answer = control(dialstack_emulator, "tos/version", **body)

    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == field
    assert (
        httpx2.get(
            f"{dialstack_emulator.url}/_emulator/tos",
            params={"api_key": dialstack_emulator.api_key},
            trust_env=False,
        ).json()["version"]
        == "2026-01-01"
    )


def test_only_the_platforms_own_account_can_be_made_live(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle
) -> None:
    answer = control(dialstack_emulator, "live_accounts", account="acct_nope")

    assert answer.status_code == 400
    assert answer.json()["details"]["field"] == "account"
