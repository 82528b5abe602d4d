"""Call logs, voicemails and phone numbers through the async SDK: every method, every
outcome, a session token."""

import httpx2
import pytest

from dialstack import AsyncDialStack, DialStackNotFoundError, DialStackPermissionError
from dialstack.emulator import EmulatorHandle
from dialstack.types.calls import CallLog
from dialstack.types.phone_numbers import PhoneNumberRef
from dialstack.types.test_helpers_calls import SimulatedCallScenario

pytestmark = pytest.mark.anyio


async def _account(client: AsyncDialStack) -> tuple[AsyncDialStack, str, str]:
    account = await client.accounts.create(
        email="owner@example.com",
        config={"recording_enabled": True, "transcription_enabled": True},
    )
    scoped = client.with_options(dialstack_account=account.id)
    user = await scoped.users.create(name="Ada Lovelace")
    return scoped, account.id, user.id


@pytest.mark.parametrize(
    ("scenario", "status"),
    [
        ({"outcome": "answered"}, "completed"),
        ({"outcome": "no-answer"}, "no-answer"),
        ({"outcome": "busy"}, "busy"),
        ({"outcome": "voicemail"}, "voicemail"),
        ({"outcome": "failed"}, "failed"),
    ],
)
async def test_every_outcome(
    async_dialstack_client: AsyncDialStack, scenario: SimulatedCallScenario, status: str
) -> None:
    client, _, user = await _account(async_dialstack_client)

    created = await client.test_helpers.calls.create(user=user, scenario=scenario)

    assert created.scenario == scenario.get("outcome")
    assert (await client.calls.retrieve(created.id)).status == status


async def test_every_method(async_dialstack_client: AsyncDialStack) -> None:
    client, _, user = await _account(async_dialstack_client)
    answered = await client.test_helpers.calls.create(user=user, scenario={"outcome": "answered"})
    left = await client.test_helpers.calls.create(user=user, scenario={"outcome": "voicemail"})

    calls = [c.id async for c in client.calls.list(limit=1, expand=["did"])]
    first = await client.calls.list(status="completed", expand=["did"])
    call = await client.calls.retrieve(answered.id, expand=["did"])
    transcript = await client.calls.retrieve_transcript(answered.id)
    recording = await client.calls.retrieve_recording(answered.id)
    numbers = await client.phone_numbers.list(status="active")
    voicemails = await client.voicemails.list(is_read=False, owner=user, expand=["call"])
    voicemail = await client.voicemails.retrieve(voicemails.data[0].id, expand=["call"])
    voicemail_transcript = await client.voicemails.retrieve_transcript(voicemail.id)
    read = await client.voicemails.update(voicemail.id, is_read=True)
    await client.voicemails.delete(voicemail.id)

    assert calls == [left.id, answered.id]
    assert [c.id for c in first.data] == [answered.id]
    assert isinstance(call.did, PhoneNumberRef)
    assert call.did.id == numbers.data[0].id
    assert transcript.status == "completed"
    assert recording.call == answered.id
    assert httpx2.get(recording.download_url, trust_env=False).status_code == 200
    assert isinstance(voicemail.call, CallLog)
    assert voicemail.call.id == left.id
    assert voicemail_transcript.voicemail == voicemail.id
    assert read.read_at is not None
    with pytest.raises(DialStackNotFoundError):
        await client.voicemails.retrieve(voicemail.id)


async def test_a_session_token(
    async_dialstack_client: AsyncDialStack, dialstack_emulator: EmulatorHandle
) -> None:
    client, account, user = await _account(async_dialstack_client)
    created = await client.test_helpers.calls.create(user=user)
    session = await client.account_sessions.create(
        account=account, components={"call_logs": {"enabled": True}}
    )

    async with AsyncDialStack(
        api_key=session.client_secret, api_url=dialstack_emulator.url, dialstack_account=account
    ) as browser:
        listed = await browser.calls.list()
        with pytest.raises(DialStackPermissionError):
            await browser.voicemails.list()

    assert [c.id for c in listed.data] == [created.id]
