"""Any page link a server sends (any characters, any length, relative or absolute) ends in
a result or a DialStackError, never httpx2's own exceptions.

A byte-level case the emulator cannot send, so the server here is an ``httpx2.MockTransport``
that answers a first page whose ``next_page_url`` is the generated link, and an empty last
page to whatever the SDK then requests (which is what following a link means)."""

from __future__ import annotations

import contextlib
import json

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialstack import DialStack, DialStackError

API_URL = "http://127.0.0.1:8787"


def _client_answering(link: object, requests: list[httpx2.Request]) -> DialStack:
    def answer(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        first = not request.url.query and request.url.path == "/v1/accounts"
        body: dict[str, object] = {
            "object": "list",
            "data": [],
            "next_page_url": link if first else None,
        }
        return httpx2.Response(200, content=json.dumps(body).encode())

    http = httpx2.Client(transport=httpx2.MockTransport(answer))
    return DialStack("sk_test_links", api_url=API_URL, max_network_retries=0, http_client=http)


def _walk(link: object) -> int:
    """How many pages a walk read: it ends, or raises a DialStackError."""
    requests: list[httpx2.Request] = []
    with _client_answering(link, requests) as client:
        page = client.accounts.list()
        _ = page.next_cursor, page.previous_cursor
        for _ in page.auto_paging_iter():
            pass
    return len(requests)


def _absolute(scheme: str, host: str, rest: str) -> str:
    return f"{scheme}://{host}{rest}"


def _relative(rest: str) -> str:
    return f"/v1/accounts{rest}"


def _latin1(raw: bytes) -> str:
    return raw.decode("latin-1")


ABSOLUTE = st.builds(
    _absolute,
    st.sampled_from(["http", "https", "ftp", "HTTP", ""]),
    st.sampled_from(["127.0.0.1:8787", "127.0.0.1", "[::1]:8787", "127.0.0.1:99999", "evil.test"]),
    st.text(),
)
RELATIVE = st.builds(_relative, st.text())
PAGE_LINKS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x7F)),
    st.binary().map(_latin1),
    ABSOLUTE,
    RELATIVE,
    st.text(min_size=2000, max_size=20000),
)


@settings(max_examples=400, deadline=None)
@given(PAGE_LINKS)
def test_any_page_link_ends_in_a_result_or_a_dialstack_error(link: str) -> None:
    with contextlib.suppress(DialStackError):
        _walk(link)


@pytest.mark.parametrize(
    "link",
    [
        "/v1/accounts?page=a\x00b",
        "/v1/accounts?page=\r\nX-Injected: 1",
        "http://127.0.0.1:8787/v1/accounts?page=\x7f",
        "http://127.0.0.1:8787/v1/\taccounts",
        "http://[::1",
        "http://127.0.0.1:99999/v1/accounts",
        "//127.0.0.1:8787/v1/accounts",
        "/v1/" + "a" * 100_000,
        "http://127.0.0.1:8787/v1/accounts?page=\udcff",
    ],
)
def test_a_link_no_request_can_carry_is_a_dialstack_error(link: str) -> None:
    with pytest.raises(DialStackError):
        _walk(link)


def test_a_good_relative_or_absolute_link_is_followed() -> None:
    assert _walk("/v1/accounts?page=t1") == 2
    assert _walk(f"{API_URL}/v1/accounts?page=t%00") == 2
