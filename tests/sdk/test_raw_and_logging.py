"""Raw responses (the runtime under ``with_raw_response``) and ``DIALSTACK_LOG``."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import dialstack
from dialstack import Account, AsyncDialStack, DialStack
from dialstack._call import Call
from dialstack._raw import RawResponse
from dialstack.emulator import EmulatorHandle


def create(email: str, key: str) -> Call[Account]:
    """A resource method declared here, as a generated one would be."""
    return Call(
        "accounts.create()", "POST", "/v1/accounts", Account.from_wire,
        {"idempotency_key": key}, body={"email": email},
    )  # fmt: skip


def listing() -> Call[Account]:
    return Call("accounts.list()", "GET", "/v1/accounts", Account.from_wire, {})


def retrieve(account_id: str) -> Call[Account]:
    return Call("accounts.retrieve()", "GET", f"/v1/accounts/{account_id}", Account.from_wire, {})


def test_a_raw_create_shows_status_headers_and_a_replay(dialstack_client: DialStack) -> None:
    first = dialstack_client._request_raw(create("raw@example.com", "k-raw"))  # pyright: ignore[reportPrivateUsage]
    again = dialstack_client._request_raw(create("raw@example.com", "k-raw"))  # pyright: ignore[reportPrivateUsage]
    assert isinstance(first, RawResponse)
    assert (first.status_code, again.status_code) == (201, 201)
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    account = first.parse()
    assert isinstance(account, Account) and account.email == "raw@example.com"
    assert first.parse() is account  # read once
    assert account.request_id == first.request_id == first.headers["x-request-id"]
    assert again.parse().id == account.id
    assert first.content.startswith(b"{") and first.http_response.status_code == 201
    assert "201" in repr(first)


def test_a_raw_list_parses_into_a_page(dialstack_client: DialStack) -> None:
    dialstack_client.accounts.create(email="listed@example.com")
    raw = dialstack_client._list_raw(listing())  # pyright: ignore[reportPrivateUsage]
    page = raw.parse()
    assert isinstance(page, dialstack.Page)
    assert [a.email for a in page.data] == ["listed@example.com"]
    assert raw.request_id == page.request_id


def test_a_raw_call_that_fails_raises_its_error(dialstack_client: DialStack) -> None:
    with pytest.raises(dialstack.DialStackNotFoundError) as raised:
        dialstack_client._request_raw(retrieve("acct_01h2xcejqtf2nbrexx3vqjhp41"))  # pyright: ignore[reportPrivateUsage]
    assert raised.value.headers["x-request-id"] == raised.value.request_id


@pytest.mark.anyio
async def test_raw_responses_from_the_async_client(
    async_dialstack_client: AsyncDialStack,
) -> None:
    raw = await async_dialstack_client._request_raw(create("a@example.com", "k-async"))  # pyright: ignore[reportPrivateUsage]
    assert raw.status_code == 201 and raw.parse().email == "a@example.com"
    listed = await async_dialstack_client._list_raw(listing())  # pyright: ignore[reportPrivateUsage]
    page = listed.parse()
    assert isinstance(page, dialstack.AsyncPage) and len(page.data) == 1


SCRIPT = """
import dialstack, os
client = dialstack.DialStack(os.environ["KEY"], api_url=os.environ["URL"])
client.accounts.list()
"""


@pytest.mark.parametrize(
    ("level", "shown", "hidden"),
    [("info", ["INFO", "GET /v1/accounts -> 200"], ["DEBUG"]),
     ("debug", ["DEBUG", "GET /v1/accounts attempt 1", "GET /v1/accounts -> 200"], []),
     ("", [], ["dialstack"]),
     ("verbose", ["ignoring DIALSTACK_LOG='verbose': it must be debug or info"], ["DEBUG"])],
)  # fmt: skip
def test_dialstack_log_turns_on_the_sdk_log_on_stderr(
    dialstack_emulator: EmulatorHandle, level: str, shown: list[str], hidden: list[str]
) -> None:
    env = {**os.environ, "KEY": dialstack_emulator.api_key, "URL": dialstack_emulator.url}
    env["DIALSTACK_LOG"] = level
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert all(text in done.stderr for text in shown), done.stderr
    assert not any(text in done.stderr for text in hidden), done.stderr
    assert dialstack_emulator.api_key[8:] not in done.stderr
