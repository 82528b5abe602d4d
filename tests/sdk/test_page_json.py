"""A page is the list answer as sent: ``json.dumps``, ``dict`` and a FastAPI route give the
wire JSON, empty or full; ``next_cursor`` resumes a walk from one's own frontend."""

import asyncio
import json
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI

from dialstack import Account, AsyncDialStack, DialStack, Page


def _get_json(app: FastAPI, path: str) -> Any:
    """One GET through a real FastAPI application, over its ASGI interface."""

    async def get() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    answer = asyncio.run(get())
    assert answer.status_code == 200, answer.text
    return answer.json()


def _wire(api: httpx2.Client, path: str) -> Any:
    answer = api.get(path)
    assert answer.status_code == 200
    return answer.json()


def test_a_page_dumps_as_the_list_answer_as_sent(
    dialstack_client: DialStack, api: httpx2.Client
) -> None:
    for i in range(3):
        dialstack_client.accounts.create(email=f"j{i}@example.com")
    page = dialstack_client.accounts.list(limit=2)
    sent = _wire(api, "/v1/accounts?limit=2")
    assert json.loads(json.dumps(page)) == sent == page.to_dict() == dict(page)
    assert page["has_more"] is True and page["data"] is page.data
    assert list(page.keys()) == list(sent.keys())
    with pytest.raises(TypeError, match="cannot be changed"):
        page["has_more"] = False
    with pytest.raises(TypeError, match="cannot be changed"):
        page.update(data=[])


def test_a_fastapi_route_answers_a_page_as_its_wire_json_empty_or_full(
    dialstack_client: DialStack, api: httpx2.Client
) -> None:
    empty = dialstack_client.accounts.list()
    empty_sent = _wire(api, "/v1/accounts")
    for i in range(3):
        dialstack_client.accounts.create(email=f"f{i}@example.com")
    full = dialstack_client.accounts.list(limit=2)
    full_sent = _wire(api, "/v1/accounts?limit=2")
    app = FastAPI()

    @app.get("/empty")
    def read_empty() -> Any:
        return empty

    @app.get("/full")
    def read_full() -> Any:
        return full

    @app.get("/annotated")
    def read_annotated() -> Page[Account]:
        return full

    assert empty_sent["data"] == []
    assert _get_json(app, "/empty") == empty_sent
    assert _get_json(app, "/full") == full_sent
    assert _get_json(app, "/annotated") == full_sent
    assert _get_json(app, "/openapi.json")["paths"]["/annotated"]


def test_next_cursor_resumes_the_walk_where_the_frontend_left_it(
    dialstack_client: DialStack,
) -> None:
    ids = [dialstack_client.accounts.create(email=f"c{i}@example.com").id for i in range(5)]
    newest_first = list(reversed(ids))
    first = dialstack_client.accounts.list(limit=2)
    assert first.previous_cursor is None
    cursor = first.next_cursor
    assert isinstance(cursor, str) and cursor
    second = dialstack_client.accounts.list(limit=2, page=cursor)
    assert [a.id for a in second.data] == newest_first[2:4]
    assert second.previous_cursor and second.next_cursor
    back = dialstack_client.accounts.list(limit=2, page=second.previous_cursor)
    assert [a.id for a in back.data] == newest_first[:2]
    last = dialstack_client.accounts.list(limit=2, page=second.next_cursor)
    assert [a.id for a in last.data] == newest_first[4:]
    assert last.next_cursor is None


def test_the_supported_id_cursors_page_after_and_before_an_item(
    dialstack_client: DialStack,
) -> None:
    ids = list(
        reversed([dialstack_client.accounts.create(email=f"s{i}@example.com").id for i in range(5)])
    )
    after = dialstack_client.accounts.list(limit=2, starting_after=ids[1])
    assert [a.id for a in after.data] == ids[2:4]
    before = dialstack_client.accounts.list(limit=2, ending_before=ids[4])
    assert [a.id for a in before.data] == ids[2:4]


@pytest.mark.anyio
async def test_an_async_page_is_its_wire_json_and_refuses_a_plain_for(
    dialstack_client: DialStack, async_dialstack_client: AsyncDialStack, api: httpx2.Client
) -> None:
    dialstack_client.accounts.create(email="a@example.com")
    page = await async_dialstack_client.accounts.list()
    assert json.loads(json.dumps(page)) == _wire(api, "/v1/accounts")
    with pytest.raises(TypeError, match="async for"):
        for _ in page:  # type: ignore[misc]  # pyright: ignore[reportGeneralTypeIssues]
            pass
