"""Every error class, from a real answer of the emulator."""

from typing import Any

import pytest

import dialstack
from dialstack import DialStack
from dialstack.emulator import Emulator, EmulatorHandle


def test_401_for_an_unknown_kind_of_key(dialstack_emulator: EmulatorHandle) -> None:
    client = DialStack("not_a_key", api_url=dialstack_emulator.url)
    with client, pytest.raises(dialstack.DialStackAuthenticationError) as raised:
        client.accounts.list()
    assert raised.value.status_code == 401
    assert raised.value.request_id is not None


def test_401_for_a_live_key_says_why(dialstack_emulator: EmulatorHandle) -> None:
    client = DialStack("sk_live_abcdefghijklmnop", api_url=dialstack_emulator.url)
    with client, pytest.raises(dialstack.DialStackAuthenticationError, match="live"):
        client.accounts.list()


def test_400_validation_names_the_field(dialstack_client: DialStack) -> None:
    with pytest.raises(dialstack.DialStackValidationError) as raised:
        dialstack_client.accounts.create(email="not-an-email")
    error = raised.value
    assert (error.status_code, error.code, error.param) == (400, "validation_error", "email")


def test_400_invalid_request_for_an_unknown_parameter(dialstack_client: DialStack) -> None:
    with pytest.raises(dialstack.DialStackInvalidRequestError) as raised:
        dialstack_client.accounts.list(extra_query={"colour": "blue"})
    assert raised.value.code == "parameter_unknown"


def test_409_conflict_for_a_duplicate_email(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="dup@example.com")
    scoped = dialstack_client.with_options(dialstack_account=account.id)
    scoped.users.create(email="same@example.com")
    with pytest.raises(dialstack.DialStackConflictError) as raised:
        scoped.users.create(email="SAME@example.com")
    assert raised.value.code == "duplicate_email"


def test_422_for_a_session_with_nothing_enabled(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="s@example.com")
    with pytest.raises(dialstack.DialStackValidationError) as raised:
        dialstack_client.account_sessions.create(
            account=account.id, components={"call_logs": {"enabled": False}}
        )
    assert raised.value.status_code == 422


def test_404_for_another_platforms_account(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(email="mine@example.com")
    other_key = dialstack_emulator.server.new_api_key()
    with DialStack(other_key, api_url=dialstack_emulator.url) as stranger:
        with pytest.raises(dialstack.DialStackNotFoundError):
            stranger.accounts.retrieve(account.id)
        with pytest.raises(dialstack.DialStackNotFoundError):
            stranger.users.list(dialstack_account=account.id)


@pytest.mark.parametrize(
    ("status", "body", "cls", "message", "code"),
    [
        (403, {"error": "No access", "code": "forbidden"}, dialstack.DialStackPermissionError,
         "No access", "forbidden"),
        (403, {"message": "Plain message"}, dialstack.DialStackPermissionError, "Plain message",
         None),
        (400, {"error": {"message": "Stripe style", "code": "validation_error", "param": "email"}},
         dialstack.DialStackValidationError, "Stripe style", "validation_error"),
        (502, "<html><body>Bad Gateway</body></html>", dialstack.DialStackAPIError,
         "DialStack answered HTTP 502", None),
        (429, {"error": "Slow down", "code": "rate_limited"}, dialstack.DialStackRateLimitError,
         "Slow down", "rate_limited"),
    ],
)  # fmt: skip
def test_each_body_shape_from_a_real_answer(
    dialstack_client: DialStack,
    dialstack_emulator: EmulatorHandle,
    status: int,
    body: Any,
    cls: type[dialstack.DialStackError],
    message: str,
    code: str | None,
) -> None:
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=status, body=body)
    with pytest.raises(cls) as raised:
        dialstack_client.accounts.list(max_network_retries=0)
    error = raised.value
    assert error.message.startswith(message)
    assert (error.status_code, error.code) == (status, code)
    assert error.request_id is not None
    assert error.headers["x-request-id"] == error.request_id
    assert error.raw == body


def test_429_from_a_rate_limited_emulator_carries_retry_after() -> None:
    errors: list[dialstack.DialStackRateLimitError] = []
    with Emulator(rate_limit=2) as server, DialStack(server.new_api_key(), api_url=server.url) as c:
        for _ in range(20):
            try:
                c.accounts.list(max_network_retries=0)
            except dialstack.DialStackRateLimitError as error:
                errors.append(error)
                break
    [raised] = errors
    assert raised.retry_after is not None and raised.retry_after >= 1
    assert raised.code == "rate_limited"


def test_an_error_prints_its_code_and_request_id(dialstack_client: DialStack) -> None:
    with pytest.raises(dialstack.DialStackNotFoundError) as raised:
        dialstack_client.accounts.retrieve("acct_01h2xcejqtf2nbrexx3vqjhp41")
    text = str(raised.value)
    assert "code=resource_missing" in text
    assert f"request_id={raised.value.request_id}" in text
