"""Onboarding and identity through both clients: pricing, the terms of service, user
sessions with revocation, and admin users, against the emulator."""

from datetime import UTC, datetime, timedelta

import httpx2
import pytest

from dialstack import (
    AsyncDialStack,
    DialStack,
    DialStackConflictError,
    DialStackNotFoundError,
    DialStackValidationError,
)
from dialstack.emulator import EmulatorHandle
from dialstack.types.accounts import Pricing, PricingParams
from dialstack.types.users import User

RATES: PricingParams = {
    "per_user_rate": 1500,
    "per_did_rate": 300,
    "per_voiceai_location_rate": 9900,
}


def _control(emulator: EmulatorHandle, path: str, **body: object) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/{path}",
        json={"api_key": emulator.api_key, **body},
        trust_env=False,
    )
    assert answer.status_code // 100 == 2, answer.text


def _me(emulator: EmulatorHandle, client_secret: str) -> int:
    return httpx2.get(
        f"{emulator.url}/v1/me/directory",
        headers={"Authorization": f"Bearer {client_secret}"},
        trust_env=False,
    ).status_code


def test_pricing_round_trip(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")
    with pytest.raises(DialStackNotFoundError):
        dialstack_client.accounts.retrieve_pricing(account.id)

    updated = dialstack_client.accounts.update_pricing(account.id, **RATES)

    assert isinstance(updated, Pricing)
    assert updated.per_voiceai_location_rate == 9900
    assert dialstack_client.accounts.retrieve_pricing(account.id) == updated


def test_a_negative_rate_is_refused_naming_it(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")

    with pytest.raises(DialStackValidationError) as refused:
        dialstack_client.accounts.update_pricing(
            account.id, per_user_rate=1, per_did_rate=-1, per_voiceai_location_rate=1
        )

    assert refused.value.status_code == 400
    assert refused.value.param == "per_did_rate"


def test_a_live_account_signs_the_terms_and_unsigns_when_they_move(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com", pricing=RATES)
    _control(dialstack_emulator, "live_accounts", account=account.id)

    tos = dialstack_client.accounts.retrieve_tos(account.id, expand=["pricing"])
    accepted = dialstack_client.accounts.accept_tos(account.id, version=tos.version)
    signed = dialstack_client.accounts.retrieve(account.id)
    _control(dialstack_emulator, "tos/version", version="2026-07-01")
    moved = dialstack_client.accounts.retrieve_tos(account.id)
    with pytest.raises(DialStackConflictError) as stale:
        dialstack_client.accounts.accept_tos(account.id, version=tos.version)

    assert isinstance(tos.pricing, Pricing) and tos.pricing.per_user_rate == 1500
    assert tos.acceptance is None
    assert accepted.acceptance is not None
    assert accepted.acceptance.ip == "127.0.0.1"
    assert accepted.acceptance.user_agent is not None
    assert accepted.acceptance.user_agent.startswith("dialstack-python")
    assert accepted.acceptance.pricing.per_did_rate == 300
    assert signed.tos_status == "signed"
    assert signed.tos_accepted_at == accepted.acceptance.accepted_at
    assert moved.version == "2026-07-01" and moved.acceptance is None
    assert dialstack_client.accounts.retrieve(account.id).tos_status == "unsigned"
    assert stale.value.code == "tos_version_stale"


def test_accepting_without_pricing_is_unprocessable(
    dialstack_client: DialStack,
) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")

    with pytest.raises(DialStackValidationError) as refused:
        dialstack_client.accounts.accept_tos(account.id, version="2026-01-01")

    assert refused.value.status_code == 422
    assert refused.value.param == "pricing"


def test_user_sessions_and_revocation(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(email="owner@example.com")
    user = dialstack_client.users.create(name="Ada", dialstack_account=account.id)

    session = dialstack_client.user_sessions.create(user=user.id, ttl_seconds=3600)
    usable = _me(dialstack_emulator, session.client_secret)
    revoked = dialstack_client.users.revoke_sessions(user.id)

    assert (session.user, session.account) == (user.id, account.id)
    assert session.expires_at - datetime.now(UTC) == pytest.approx(
        timedelta(hours=1), abs=timedelta(minutes=1)
    )
    assert session.client_secret not in repr(session)
    assert usable == 200
    assert revoked.user == user.id
    assert revoked.sessions_revoked_at.tzinfo is not None
    assert _me(dialstack_emulator, session.client_secret) == 401
    with pytest.raises(DialStackValidationError) as too_long:
        dialstack_client.user_sessions.create(user=user.id, ttl_seconds=604801)
    assert too_long.value.param == "ttl_seconds"
    with pytest.raises(DialStackNotFoundError) as unknown:
        dialstack_client.user_sessions.create(user="user_01h0000000000000000000000")
    assert unknown.value.message == "User not found"


def test_admin_users_with_their_voice_user(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(
        email="owner@example.com", primary_contact_name="Olive Owner"
    )
    scoped = dialstack_client.with_options(dialstack_account=account.id)
    voice_user = scoped.users.create(email="owner@example.com")
    _control(dialstack_emulator, "admin_users", account=account.id, email="bo@example.com")

    admins = list(scoped.admin.users.list(limit=1).auto_paging_iter())
    owner = scoped.admin.users.retrieve(admins[-1].id, expand=["user"])

    assert [admin.role for admin in admins] == ["account_admin", "owner"]
    assert admins[-1].user == voice_user.id
    assert admins[0].user is None
    assert (owner.name, owner.email) == ("Olive Owner", "owner@example.com")
    assert isinstance(owner.user, User) and owner.user.id == voice_user.id
    other = dialstack_client.accounts.create(email="else@example.com")
    with pytest.raises(DialStackNotFoundError):
        dialstack_client.admin.users.retrieve(owner.id, dialstack_account=other.id)


@pytest.mark.anyio
async def test_every_identity_method_on_the_async_client(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client = async_dialstack_client
    account = await client.accounts.create(email="owner@example.com", primary_contact_name="Ada")
    scoped = client.with_options(dialstack_account=account.id)
    user = await scoped.users.create(email="owner@example.com")

    pricing = await client.accounts.update_pricing(account.id, **RATES)
    fetched = await client.accounts.retrieve_pricing(account.id)
    tos = await client.accounts.retrieve_tos(account.id, expand=["pricing"])
    accepted = await client.accounts.accept_tos(account.id, version=tos.version)
    again = await client.accounts.accept_tos(account.id, version=tos.version)
    session = await client.user_sessions.create(user=user.id)
    revoked = await client.users.revoke_sessions(user.id)
    admins = [admin async for admin in scoped.admin.users.list(expand=["user"])]
    owner = await scoped.admin.users.retrieve(admins[0].id)

    assert fetched == pricing and tos.pricing == pricing
    assert accepted.acceptance is not None and again.acceptance == accepted.acceptance
    assert session.user == user.id
    assert revoked.user == user.id
    assert _me(dialstack_emulator, session.client_secret) == 401
    assert isinstance(admins[0].user, User) and admins[0].user.id == user.id
    assert owner.user == user.id and owner.role == "owner"
