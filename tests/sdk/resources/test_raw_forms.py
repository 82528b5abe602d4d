"""``with_raw_response``: every generated method has a raw form answering the raw response."""

from collections.abc import Awaitable
from typing import assert_type

import pytest

from dialstack import Account, AsyncDialStack, AsyncPage, DialStack, Page, RawResponse


def test_a_raw_create_has_status_headers_and_the_parsed_model(
    dialstack_client: DialStack,
) -> None:
    raw = dialstack_client.accounts.with_raw_response.create(email="raw@example.com")

    account = raw.parse()
    assert raw.status_code == 201
    assert raw.request_id is not None and raw.request_id.startswith("req_")
    assert isinstance(account, Account)
    assert account.email == "raw@example.com"
    page = dialstack_client.accounts.with_raw_response.list(limit=1).parse()
    assert [a.id for a in page.data] == [account.id]


@pytest.mark.anyio
async def test_an_async_raw_call_answers_the_same(async_dialstack_client: AsyncDialStack) -> None:
    raw = await async_dialstack_client.accounts.with_raw_response.create(email="a@example.com")
    deleted = await async_dialstack_client.accounts.with_raw_response.delete(raw.parse().id)

    assert (raw.status_code, deleted.status_code) == (201, 204)
    assert deleted.parse() is None


def test_the_raw_twin_has_every_method_of_its_resource() -> None:
    client = DialStack(api_key="sk_test_x", api_url="http://127.0.0.1:9")
    for namespace in (client.accounts, client.users, client.account_sessions):
        methods = {n for n in dir(type(namespace)) if not n.startswith("_")} - {"with_raw_response"}
        twin = namespace.with_raw_response
        assert methods <= set(dir(type(twin))), type(namespace)
    client.close()


def raw_forms_as_type_checkers_see_them(client: DialStack, aclient: AsyncDialStack) -> None:
    """Never run: mypy and pyright check these types (and, for mypy, that each ignore is
    needed, so the bad calls below are errors)."""
    raw = client.accounts.with_raw_response
    assert_type(raw.create(email="a@example.com"), RawResponse[Account])
    assert_type(raw.list(limit=1), RawResponse[Page[Account]])
    assert_type(raw.delete("acct_1"), RawResponse[None])
    assert_type(raw.create(email="a@example.com").parse(), Account)
    raw.create(emial="a@example.com")  # type: ignore[call-arg]
    raw.retrieve(account_id=1)  # type: ignore[arg-type]
    araw = aclient.accounts.with_raw_response
    assert_type(araw.create(email="a@example.com"), Awaitable[RawResponse[Account]])
    assert_type(araw.list(limit=1), Awaitable[RawResponse[AsyncPage[Account]]])
    araw.list(limit="1")  # type: ignore[arg-type]
