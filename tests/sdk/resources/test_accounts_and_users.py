"""Accounts, users and account sessions through the sync client, against the emulator."""

from datetime import UTC, datetime, timedelta

import pytest

import dialstack
from dialstack import DialStack
from dialstack.emulator import EmulatorHandle


def test_the_quickstart_creates_an_account_a_user_and_a_session(
    dialstack_client: DialStack,
) -> None:
    account = dialstack_client.accounts.create(email="customer@example.com")
    user = dialstack_client.users.create(
        name="John Doe", email="john@example.com", dialstack_account=account.id
    )
    session = dialstack_client.account_sessions.create(
        account=account.id,
        components={"call_logs": {"enabled": True}, "voicemails": {"enabled": True}},
    )
    assert account.id.startswith("acct_")
    assert account.email == "customer@example.com"
    assert user.id.startswith("user_")
    assert (user.name, user.email) == ("John Doe", "john@example.com")
    assert session.client_secret.count(".") == 2  # a JWT
    lifetime = session.expires_at - datetime.now(UTC)
    assert lifetime == pytest.approx(timedelta(hours=1), abs=timedelta(minutes=1))


def test_account_crud_round_trip(dialstack_client: DialStack) -> None:
    created = dialstack_client.accounts.create(
        email="a@example.com",
        primary_contact_name="Ada",
        address={
            "street": "1 Main St",
            "city": "Springfield",
            "state": "IL",
            "postal_code": "62701",
            "country": "US",
        },
        pricing={"per_user_rate": 1500, "per_did_rate": 200, "per_voiceai_location_rate": 0},
        config={"extension_length": 5},
    )
    assert created.address is not None and created.address.city == "Springfield"
    assert created.pricing is not None and created.pricing.per_user_rate == 1500
    assert created.config is not None and created.config.extension_length == 5
    assert isinstance(created.created_at, datetime) and created.created_at.tzinfo is not None
    assert created.request_id is not None and created.request_id.startswith("req_")

    fetched = dialstack_client.accounts.retrieve(created.id)
    assert fetched == created
    assert fetched.request_id != created.request_id

    updated = dialstack_client.accounts.update(created.id, email="b@example.com")
    assert updated.email == "b@example.com"
    assert updated.primary_contact_name == "Ada"

    dialstack_client.accounts.delete(created.id)
    with pytest.raises(dialstack.DialStackNotFoundError) as raised:
        dialstack_client.accounts.retrieve(created.id)
    assert raised.value.code == "resource_missing"


def test_deleting_an_account_removes_its_users(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="gone@example.com")
    scoped = dialstack_client.with_options(dialstack_account=account.id)
    user = scoped.users.create(name="Temp")
    dialstack_client.accounts.delete(account.id)
    with pytest.raises(dialstack.DialStackNotFoundError):
        scoped.users.retrieve(user.id)


def test_users_live_inside_one_account(dialstack_client: DialStack) -> None:
    first = dialstack_client.accounts.create(email="one@example.com")
    second = dialstack_client.accounts.create(email="two@example.com")
    user = dialstack_client.users.create(name="Ann", dialstack_account=first.id)
    assert user.account_id == first.id
    with pytest.raises(dialstack.DialStackNotFoundError):
        dialstack_client.users.retrieve(user.id, dialstack_account=second.id)

    in_first = dialstack_client.with_options(dialstack_account=first.id)
    assert in_first.dialstack_account == first.id
    renamed = in_first.users.update(user.id, name="Anne", do_not_disturb=True)
    assert (renamed.name, renamed.do_not_disturb) == ("Anne", True)
    assert [u.id for u in in_first.users.list().data] == [user.id]
    in_first.users.delete(user.id)
    assert in_first.users.list().data == []


def test_users_list_searches_by_name_or_email(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="s@example.com")
    scoped = dialstack_client.with_options(dialstack_account=account.id)
    scoped.users.create(name="Grace Hopper", email="grace@example.com")
    scoped.users.create(name="Alan Turing", email="alan@example.com")
    found = scoped.users.list(search="HOPP")
    assert [u.name for u in found.data] == ["Grace Hopper"]


def test_a_users_call_without_an_account_fails_before_sending(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    with pytest.raises(ValueError, match="dialstack_account"):
        dialstack_client.users.list()
    with pytest.raises(ValueError, match="dialstack_account"):
        dialstack_client.users.create(name="Nobody")
    assert dialstack_emulator.requests() == []


def test_ids_are_quoted_into_one_path_segment(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    with pytest.raises(dialstack.DialStackNotFoundError):
        dialstack_client.accounts.retrieve("../users?x=1")
    [logged] = dialstack_emulator.requests()
    assert logged.path == "/v1/accounts/..%2Fusers%3Fx%3D1"
    for bad in ["", "   ", ".", ".."]:
        with pytest.raises(ValueError, match="account_id"):
            dialstack_client.accounts.retrieve(bad)
    with pytest.raises(TypeError, match="account_id"):
        dialstack_client.accounts.retrieve(123)  # type: ignore[arg-type]


def test_bad_arguments_are_refused_by_name_before_sending(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    with pytest.raises(TypeError, match="'emial'"):
        dialstack_client.accounts.create(emial="typo@example.com")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"'address\.city' must be str"):
        dialstack_client.accounts.create(address={"city": 7})  # type: ignore[typeddict-item]
    with pytest.raises(TypeError, match=r"missing the required argument 'components'"):
        dialstack_client.account_sessions.create(account="acct_1")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'limit' must be int"):
        dialstack_client.accounts.list(limit="10")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout"):
        dialstack_client.accounts.list(timeout=-1)
    with pytest.raises(ValueError, match="max_network_retries"):
        dialstack_client.accounts.list(max_network_retries=-1)
    assert dialstack_emulator.requests() == []


def test_request_options_reach_the_wire(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(
        email="o@example.com", idempotency_key="my-key-1", extra_headers={"X-Trace": "abc"}
    )
    # The emulator refuses parameters it does not know, by name: proof that it got them.
    with pytest.raises(dialstack.DialStackInvalidRequestError) as raised:
        dialstack_client.accounts.list(extra_query={"expand": "nothing"})
    created, listed = dialstack_emulator.requests()
    assert created.headers["idempotency-key"] == "my-key-1"
    assert created.headers["x-trace"] == "abc"
    assert created.body == {"email": "o@example.com"}
    assert account.email == "o@example.com"
    assert "expand=nothing" in listed.query
    assert raised.value.param == "expand"


def test_extra_body_carries_fields_this_version_does_not_know(
    dialstack_client: DialStack,
) -> None:
    with pytest.raises(dialstack.DialStackInvalidRequestError) as raised:
        dialstack_client.accounts.create(email="x@example.com", extra_body={"nickname": "X"})
    assert raised.value.code == "parameter_unknown"
    assert "nickname" in raised.value.message


def test_unknown_fields_in_an_answer_are_kept(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    future = {
        "id": "acct_01h2xcejqtf2nbrexx3vqjhp41",
        "object": "account",
        "email": "f@example.com",
        "primary_contact_name": None,
        "hold_music_clip_id": None,
        "main_location_id": None,
        "default_button_template": None,
        "tos_status": "not_required",
        "created_at": "2026-11-25T08:32:58.123Z",
        "updated_at": "2026-11-25T08:32:58.123Z",
        "loyalty_tier": "gold",
        "config": {
            "region": "US",
            "extension_length": 4,
            "transcription_enabled": True,
            "recording_enabled": True,
            "redaction_enabled": False,
            "timezone": "UTC",
            "default_agent_visible": None,
            "voicemail_transcripts": True,
        },
    }
    dialstack_emulator.add_fault("GET", "/v1/accounts/*", status=200, body=future)
    account = dialstack_client.accounts.retrieve("acct_01h2xcejqtf2nbrexx3vqjhp41")
    assert account.extra == {"loyalty_tier": "gold"}
    assert account.config is not None
    assert account.config.extra == {"voicemail_transcripts": True}
    assert account.to_dict() == future  # exactly as it arrived
    assert account.created_at == datetime(2026, 11, 25, 8, 32, 58, 123000, tzinfo=UTC)
    assert "loyalty_tier" in repr(account)


def test_models_are_frozen_and_build_by_keyword() -> None:
    pricing = dialstack.Pricing(per_user_rate=1500, per_did_rate=200, per_voiceai_location_rate=0)
    with pytest.raises(AttributeError, match="frozen"):
        pricing.per_did_rate = 100  # type: ignore[misc]
    assert pricing.to_dict()["per_did_rate"] == 200
    assert pricing == dialstack.Pricing(
        per_user_rate=1500, per_did_rate=200, per_voiceai_location_rate=0
    )
    with pytest.raises(TypeError, match="'per_user_rate'"):
        dialstack.Pricing()  # type: ignore[call-arg]


def test_a_session_never_shows_its_secret(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="sec@example.com")
    session = dialstack_client.account_sessions.create(
        account=account.id, components={"voicemails": {"enabled": True}}
    )
    assert session.client_secret not in repr(session)
    assert session.account_id == account.id
    assert dialstack.AccountSessionCreateResponse is dialstack.AccountSession
