"""Auto-pagination over real pages from the emulator, in both list shapes."""

from typing import Any

import pytest

import dialstack
from dialstack import AsyncDialStack, DialStack
from dialstack.emulator import EmulatorHandle


def make_accounts(client: DialStack, count: int) -> list[str]:
    return [client.accounts.create(email=f"p{i}@example.com").id for i in range(count)]


def test_walks_every_page_newest_first(dialstack_client: DialStack) -> None:
    ids = make_accounts(dialstack_client, 23)
    page = dialstack_client.accounts.list(limit=10)
    assert len(page.data) == 10
    assert page.has_more and page.next_page_url
    walked = [a.id for a in page.auto_paging_iter()]
    assert walked == list(reversed(ids))
    assert [a.id for a in page.auto_paging_to_list(limit=12)] == list(reversed(ids))[:12]


def test_a_page_iterates_over_every_item_from_it_on(dialstack_client: DialStack) -> None:
    ids = make_accounts(dialstack_client, 7)
    assert [a.id for a in dialstack_client.accounts.list(limit=3)] == list(reversed(ids))


@pytest.mark.anyio
async def test_an_async_page_iterates_over_every_item_from_it_on(
    dialstack_client: DialStack, async_dialstack_client: AsyncDialStack
) -> None:
    ids = make_accounts(dialstack_client, 5)
    first = await async_dialstack_client.accounts.list(limit=2)
    assert [a.id async for a in first] == list(reversed(ids))


def test_manual_paging_with_next_page(dialstack_client: DialStack) -> None:
    ids = make_accounts(dialstack_client, 5)
    first = dialstack_client.accounts.list(limit=2)
    second = first.next_page()
    assert second is not None
    assert [a.id for a in second.data] == list(reversed(ids))[2:4]
    third = second.next_page()
    assert third is not None and not third.has_next_page()
    assert third.next_page() is None


def test_seed_era_starting_after_is_sent_exactly_as_given(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    ids = list(reversed(make_accounts(dialstack_client, 6)))
    page = dialstack_client.accounts.list(limit=2, starting_after=ids[1])
    assert [a.id for a in page.data] == ids[2:4]
    logged = dialstack_emulator.requests()[-1]
    assert f"starting_after={ids[1]}" in logged.query and "limit=2" in logged.query


def test_a_seed_era_answer_is_followed_with_starting_after(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    ids = list(reversed(make_accounts(dialstack_client, 5)))
    seed_era_first_page = {
        "data": [dialstack_client.accounts.retrieve(i).to_dict() for i in ids[:2]],
        "has_more": True,
    }
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=200, body=seed_era_first_page)
    walked = [a.id for a in dialstack_client.accounts.list(limit=2).auto_paging_iter()]
    assert walked == ids
    lists = [
        r for r in dialstack_emulator.requests() if (r.method, r.path) == ("GET", "/v1/accounts")
    ]
    second = lists[1]
    assert f"starting_after={ids[1]}" in second.query


def test_a_repeated_cursor_stops_the_walk(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    account = dialstack_client.accounts.create(email="loop@example.com").to_dict()
    looping = {"data": [account], "next_page_url": "/v1/accounts?limit=1&page=same"}
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=200, body=looping, times=3)
    with pytest.raises(dialstack.DialStackAPIError, match="repeated"):
        list(dialstack_client.accounts.list(limit=1).auto_paging_iter())


def test_a_link_to_another_origin_is_never_followed(
    dialstack_client: DialStack, dialstack_emulator: EmulatorHandle
) -> None:
    hostile: dict[str, Any] = {
        "data": [],
        "next_page_url": "https://collector.invalid/v1/accounts?page=t",
    }
    dialstack_emulator.add_fault("GET", "/v1/accounts", status=200, body=hostile)
    with pytest.raises(dialstack.DialStackAPIError, match="another origin"):
        dialstack_client.accounts.list()
    assert len(dialstack_emulator.requests()) == 1


def test_a_limit_out_of_range_is_judged_by_the_server(dialstack_client: DialStack) -> None:
    with pytest.raises(dialstack.DialStackValidationError) as raised:
        dialstack_client.accounts.list(limit=101)
    assert raised.value.param == "limit"
    with pytest.raises(ValueError, match="limit"):
        dialstack_client.accounts.list().auto_paging_to_list(limit=0)


@pytest.mark.anyio
async def test_async_list_is_awaitable_and_async_iterable(
    async_dialstack_client: AsyncDialStack,
) -> None:
    ids = [(await async_dialstack_client.accounts.create(email=f"{i}@e.com")).id for i in range(7)]
    first = await async_dialstack_client.accounts.list(limit=3)
    assert [a.id for a in first.data] == list(reversed(ids))[:3]
    walked = [a.id async for a in async_dialstack_client.accounts.list(limit=3)]
    assert walked == list(reversed(ids))
    pager = async_dialstack_client.accounts.list(limit=3)
    assert [a.id async for a in pager.auto_paging_iter()] == walked
    assert len(await pager.auto_paging_to_list(limit=4)) == 4
    second = await first.next_page()
    assert second is not None and [a.id for a in second.data] == walked[3:6]
