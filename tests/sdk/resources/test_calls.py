"""Call logs, voicemails and phone numbers through the sync SDK: every method, every
simulator outcome, the session-token and signed-link rules, typed expansions and both
spellings of a reference."""

from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from dialstack import (
    DialStack,
    DialStackAuthenticationError,
    DialStackNotFoundError,
    DialStackPermissionError,
    DialStackValidationError,
)
from dialstack.emulator import EmulatorHandle
from dialstack.types.account_sessions import AccountSessionComponents
from dialstack.types.calls import CallLog
from dialstack.types.phone_numbers import PhoneNumberRef


class Account:
    """A recording, transcribing account with one user, and a client scoped to it."""

    def __init__(self, client: DialStack, emulator: EmulatorHandle) -> None:
        self.id = client.accounts.create(
            email="owner@example.com",
            config={"recording_enabled": True, "transcription_enabled": True},
        ).id
        self.client = client.with_options(dialstack_account=self.id)
        self.user = self.client.users.create(name="Ada Lovelace").id
        self.emulator = emulator

    def simulate(self, **params: Any) -> str:
        return str(self.client.test_helpers.calls.create(user=self.user, **params).id)

    def clock(self, **body: Any) -> dict[str, Any]:
        answer = httpx2.post(
            f"{self.emulator.url}/_emulator/clock",
            json={"api_key": self.emulator.api_key, **body},
            trust_env=False,
        )
        assert answer.status_code == 200, answer.text
        state: dict[str, Any] = answer.json()
        return state

    def browser(self, *components: str) -> DialStack:
        """A client holding an account session's client_secret, as the components do."""
        session = self.client.account_sessions.create(
            account=self.id,
            components=cast(
                "AccountSessionComponents", {name: {"enabled": True} for name in components}
            ),
        )
        return DialStack(
            api_key=session.client_secret, api_url=self.emulator.url, dialstack_account=self.id
        )


@pytest.fixture
def account(dialstack_client: DialStack, dialstack_emulator: EmulatorHandle) -> Account:
    return Account(dialstack_client, dialstack_emulator)


@pytest.mark.parametrize(
    ("outcome", "status", "has_voicemail", "has_recording"),
    [
        ("answered", "completed", False, True),
        ("no-answer", "no-answer", False, False),
        ("busy", "busy", False, False),
        ("voicemail", "voicemail", True, False),
        ("failed", "failed", False, False),
    ],
)
def test_every_outcome(
    account: Account,
    outcome: Literal["answered", "no-answer", "busy", "voicemail", "failed"],
    status: str,
    has_voicemail: bool,
    has_recording: bool,
) -> None:
    created = account.client.test_helpers.calls.create(
        user=account.user, scenario={"outcome": outcome}
    )

    call = account.client.calls.retrieve(created.id)
    voicemails = account.client.voicemails.list().data
    assert created.scenario == outcome
    assert isinstance(call, CallLog)
    assert call.status == status
    assert isinstance(call.ended_at, datetime)
    assert (call.recording_url is not None) is has_recording
    assert [v.call for v in voicemails] == ([created.id] if has_voicemail else [])


@pytest.mark.parametrize(
    ("to_number", "outcome"),
    [("+15005550101", "no-answer"), ("+15005550102", "busy"), ("+15005550103", "voicemail")],
)
def test_outbound_magic_numbers(account: Account, to_number: str, outcome: str) -> None:
    created = account.client.test_helpers.calls.create(
        user=account.user, direction="outbound", to_number=to_number
    )

    assert created.scenario == outcome
    assert account.client.calls.retrieve(created.id).to_number == to_number


def test_calls_list_filters_pages_and_expands(account: Account) -> None:
    busy = [account.simulate(scenario={"outcome": "busy"}) for _ in range(12)]
    answered = account.simulate(scenario={"outcome": "answered"})
    outbound = account.simulate(direction="outbound", to_number="+15005550104")

    walked = [c.id for c in account.client.calls.list(status="busy", limit=5).auto_paging_iter()]
    newest = account.client.calls.list(limit=1, expand=["did"]).data[0]
    number = account.client.phone_numbers.list(status="active").data[0]

    assert walked == busy[::-1]
    assert [c.id for c in account.client.calls.list(direction="outbound").data] == [outbound]
    assert [c.id for c in account.client.calls.list(status="completed").data] == [answered]
    assert len(account.client.calls.list(user=account.user, limit=100).data) == 14
    assert [c.id for c in account.client.calls.list(to_number="+15005550104").data] == [outbound]
    assert account.client.calls.list(from_date="2999-01-01").data == []
    assert len(account.client.calls.list(to_date="2999-01-01", limit=100).data) == 14
    assert len(account.client.calls.list(did=number.id, limit=100).data) == 14
    assert isinstance(newest.did, PhoneNumberRef)
    assert newest.did.phone_number == number.phone_number
    assert number.id.startswith("did_")


def test_retrieve_expands_the_did(account: Account) -> None:
    call_id = account.simulate()

    plain = account.client.calls.retrieve(call_id)
    expanded = account.client.calls.retrieve(call_id, expand=["did"])

    assert isinstance(plain.did, str)
    assert isinstance(expanded.did, PhoneNumberRef)
    assert expanded.did.id == plain.did


def test_transcript_and_recording(account: Account) -> None:
    call_id = account.simulate(scenario={"outcome": "answered", "talk_seconds": 4})

    transcript = account.client.calls.retrieve_transcript(call_id)
    recording = account.client.calls.retrieve_recording(call_id)
    audio = httpx2.get(recording.download_url, trust_env=False)

    assert transcript.call == call_id
    assert transcript.status == "completed"
    assert transcript.text
    assert transcript.sentiment is not None
    assert recording.call == call_id
    assert recording.duration_seconds == 4
    assert timedelta(minutes=9) < recording.expires_at - datetime.now(UTC) <= timedelta(minutes=10)
    assert audio.status_code == 200
    assert audio.content[:4] == b"RIFF"


def test_no_recording_is_a_404(account: Account) -> None:
    call_id = account.simulate(scenario={"outcome": "busy"})

    with pytest.raises(DialStackNotFoundError):
        account.client.calls.retrieve_recording(call_id)
    with pytest.raises(DialStackNotFoundError):
        account.client.calls.retrieve_transcript(call_id)


def test_voicemail_methods(account: Account) -> None:
    call_id = account.simulate(scenario={"outcome": "voicemail", "voicemail_seconds": 8})

    unread = account.client.voicemails.list(is_read=False, owner=account.user, expand=["call"])
    voicemail = unread.data[0]
    retrieved = account.client.voicemails.retrieve(voicemail.id, expand=["call"])
    transcript = account.client.voicemails.retrieve_transcript(voicemail.id)
    read = account.client.voicemails.update(voicemail.id, is_read=True)
    still_unread = account.client.voicemails.list(is_read=False).data
    audio = httpx2.get(voicemail.audio_url, trust_env=False)
    account.client.voicemails.delete(voicemail.id)

    assert isinstance(voicemail.call, CallLog)
    assert voicemail.call.id == call_id
    assert isinstance(retrieved.call, CallLog)
    assert voicemail.duration_seconds == 8
    assert voicemail.is_read is False
    assert audio.status_code == 200
    assert transcript.voicemail == voicemail.id
    assert transcript.status == "completed"
    assert read.is_read is True
    assert read.read_at is not None
    assert still_unread == []
    with pytest.raises(DialStackNotFoundError):
        account.client.voicemails.retrieve(voicemail.id)


def test_is_read_false_is_sent(account: Account) -> None:
    account.client.voicemails.list(is_read=False)

    sent = [r for r in account.emulator.requests() if r.path == "/v1/voicemails"]
    assert "is_read=false" in sent[-1].query


def test_a_live_key_cannot_simulate(account: Account) -> None:
    live = DialStack(api_key="sk_live_abcdefghijklmnop", api_url=account.emulator.url)
    with live, pytest.raises(DialStackValidationError) as raised:
        live.test_helpers.calls.create(user=account.user, dialstack_account=account.id)

    assert "test key" in str(raised.value)


def test_a_session_token_reads_only_its_components_routes(account: Account) -> None:
    call_id = account.simulate(scenario={"outcome": "voicemail"})

    with account.browser("call_logs") as browser:
        listed = browser.calls.list().data
        with pytest.raises(DialStackPermissionError):
            browser.voicemails.list()
        with pytest.raises(DialStackPermissionError):
            browser.calls.retrieve(call_id)
    with account.browser("voicemails") as browser:
        voicemail = browser.voicemails.list(owner=account.user).data[0]
        browser.voicemails.update(voicemail.id, is_read=True)
        browser.voicemails.retrieve_transcript(voicemail.id)
        browser.voicemails.delete(voicemail.id)

    assert [c.id for c in listed] == [call_id]


def test_an_expired_session_token_is_an_authentication_error(account: Account) -> None:
    account.clock(mode="stepped")
    with account.browser("call_logs") as browser:
        browser.calls.list()
        account.clock(advance_seconds=3600)
        with pytest.raises(DialStackAuthenticationError):
            browser.calls.list()


def test_signed_links_expire_and_refuse_tampering(account: Account) -> None:
    account.clock(mode="stepped")
    call_id = account.simulate(
        scenario={"outcome": "answered", "ring_seconds": 0, "talk_seconds": 1}
    )
    account.clock(advance_seconds=1)
    link = account.client.calls.retrieve_recording(call_id).download_url
    parts = urlsplit(link)
    signature = parse_qs(parts.query)["sig"][0]
    tampered = link.replace(signature, signature[::-1])

    fresh = httpx2.get(link, trust_env=False).status_code
    refused = httpx2.get(tampered, trust_env=False).status_code
    account.clock(advance_seconds=600)
    expired = httpx2.get(link, trust_env=False).status_code

    assert (fresh, refused, expired) == (200, 403, 403)


def test_models_read_either_spelling_of_a_reference() -> None:
    wire: dict[str, Any] = {
        "id": "call_1",
        "object": "call",
        "user_id": "user_1",
        "endpoint_id": None,
        "did_id": "did_1",
        "direction": "inbound",
        "from_number": "+14155550123",
        "from_label": None,
        "to_number": None,
        "to_label": None,
        "started_at": "2026-03-05T15:40:00Z",
        "answered_at": None,
        "connected_at": None,
        "ended_at": None,
        "duration_seconds": None,
        "status": None,
        "hangup_cause": None,
        "summary": None,
        "sentiment": None,
        "recording_url": None,
        "quality_metrics": [],
    }

    older = CallLog.from_wire(wire)
    both = CallLog.from_wire({**wire, "did": {"id": "did_2", "phone_number": "+1"}})

    assert older.user == "user_1"
    assert older.did == "did_1"
    assert isinstance(both.did, PhoneNumberRef)
    assert both.did.id == "did_2"
