"""No answer fails a call because of its shape. Real emulator answers of every namespace, each
with one field removed or given a value of another JSON type, are served to a client: the call
returns its object (a list its items), the changed field reads or raises DialStackFieldError
naming it, and every other field reads as before. A strict client refuses such an answer."""

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from dialstack import DialStack, DialStackAPIError, DialStackFieldError, DialStackModel

Read = Callable[[DialStack], DialStackModel]
OTHER_TYPE: dict[type, object] = {str: 7, int: "seven", float: "seven", bool: "yes", dict: [1]}


_LISTS = {"/v1/voicemails", "/v1/phone-numbers"}


def _retyped(value: object) -> object:
    return OTHER_TYPE.get(type(value), {"unexpected": True})


@pytest.fixture
def answers(dialstack_client: DialStack) -> list[tuple[str, Any, Read]]:
    """(what, the emulator's JSON, the SDK call that reads it) for a read of each namespace."""
    platform = dialstack_client
    account = platform.accounts.create(email="tolerant@example.com", config={"timezone": "UTC"})
    client = platform.with_options(dialstack_account=account.id)
    user = client.users.create(name="Ada")
    simulated = client.test_helpers.calls.create(user=user.id, scenario={"outcome": "voicemail"})
    call = client.calls.retrieve(simulated.id)
    voicemail = client.voicemails.list().data[0]
    endpoint = platform.webhook_endpoints.create(url="https://hooks.example/dialstack")
    answered = client.test_helpers.calls.create(user=user.id, scenario={"outcome": "answered"})
    transcript = client.calls.retrieve_transcript(answered.id)
    recording = client.calls.retrieve_recording(answered.id)
    voicemail_transcript = client.voicemails.retrieve_transcript(voicemail.id)
    number = client.phone_numbers.list().data[0]
    session = platform.account_sessions.create(
        account=account.id, components={"call_logs": {"enabled": True}}
    )
    event = client.test_helpers.events.create(event="call.end")
    acct = account.id
    return [
        (
            "simulated call",
            dict(simulated),
            lambda c: c.test_helpers.calls.create(user=user.id, dialstack_account=acct),
        ),
        (
            "event",
            dict(event),
            lambda c: c.test_helpers.events.create(event="call.end", dialstack_account=acct),
        ),
        (
            "transcript",
            dict(transcript),
            lambda c: c.calls.retrieve_transcript(call.id, dialstack_account=acct),
        ),
        (
            "recording",
            dict(recording),
            lambda c: c.calls.retrieve_recording(call.id, dialstack_account=acct),
        ),
        (
            "voicemail transcript",
            dict(voicemail_transcript),
            lambda c: c.voicemails.retrieve_transcript(voicemail.id, dialstack_account=acct),
        ),
        (
            "phone number",
            dict(number),
            lambda c: c.phone_numbers.list(dialstack_account=acct).data[0],
        ),
        (
            "session",
            dict(session),
            lambda c: c.account_sessions.create(
                account=account.id, components={"call_logs": {"enabled": True}}
            ),
        ),
        ("account", dict(account), lambda c: c.accounts.retrieve(account.id)),
        ("user", dict(user), lambda c: c.users.retrieve(user.id, dialstack_account=account.id)),
        ("call", dict(call), lambda c: c.calls.retrieve(call.id, dialstack_account=account.id)),
        (
            "voicemail",
            dict(voicemail),
            lambda c: c.voicemails.list(dialstack_account=account.id).data[0],
        ),
        (
            "endpoint",
            {k: v for k, v in endpoint.items() if k != "secret"},
            lambda c: c.webhook_endpoints.retrieve(endpoint.id),
        ),
    ]


def _client(body: dict[str, Any], *, strict: bool = False) -> DialStack:
    """A client whose every answer is ``body`` (as an item of a list, for a list)."""

    def answer(request: httpx2.Request) -> httpx2.Response:
        if request.url.path in _LISTS:
            page = {"object": "list", "url": request.url.path, "data": [body]}
            return httpx2.Response(200, json=page, headers={"x-request-id": "req_t"})
        return httpx2.Response(200, json=body, headers={"x-request-id": "req_t"})

    return DialStack(
        api_key="sk_test_tolerant",
        api_url="http://127.0.0.1:9",
        http_client=httpx2.Client(transport=httpx2.MockTransport(answer)),
        strict_response_validation=strict,
    )


def _attributes(model: DialStackModel) -> dict[str, str]:
    """Each field's wire name (older spellings the emulator also sends left out) to its
    attribute."""
    return {
        spec.wire or spec.name: spec.name
        for spec in type(model)._fields_  # pyright: ignore[reportPrivateUsage]
    }


def test_a_changed_field_never_fails_the_call(answers: list[tuple[str, Any, Read]]) -> None:
    unreadable: list[tuple[str, str, DialStackFieldError]] = []
    changed = 0
    for what, body, read in answers:
        original = read(_client(body))
        fields = {k: v for k, v in _attributes(original).items() if k in body}
        for key, attribute in fields.items():
            removed = {k: v for k, v in body.items() if k != key}
            for variant in (removed, {**body, key: _retyped(body[key])}):
                model = read(_client(variant))  # the call itself never fails
                try:
                    getattr(model, attribute)
                except DialStackFieldError as error:
                    unreadable.append((what, key, error))
                for other, name in fields.items():
                    if other != key:
                        assert getattr(model, name) == getattr(original, name), (what, key)
                changed += 1
    assert changed > 100
    assert unreadable, "some changed field must have been unreadable"
    for what, key, refusal in unreadable:
        assert (refusal.field, refusal.request_id) == (key, "req_t"), what
        assert isinstance(refusal, AttributeError)


def test_a_strict_client_refuses_the_answer(answers: list[tuple[str, Any, Read]]) -> None:
    (account, read), *_ = [(body, read) for what, body, read in answers if what == "account"]
    without = {key: value for key, value in account.items() if key != "created_at"}

    assert read(_client(without))["id"] == account["id"]
    with pytest.raises(DialStackAPIError, match="Account without created_at") as raised:
        read(_client(without, strict=True))
    assert raised.value.request_id == "req_t"
