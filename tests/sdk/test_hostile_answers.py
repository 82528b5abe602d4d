"""Every answer a server can give ends in a result or a DialStackError that keeps the status,
the request id and the body: hypothesis-generated hostile answers from a real local server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dialstack
from dialstack import DialStack

REQUEST_ID = "req_hostile_answer"


class Scripted(BaseHTTPRequestHandler):
    """Answers every request with the status, headers and body set on the class."""

    status: ClassVar[int] = 200
    headers_out: ClassVar[list[tuple[str, str]]] = []
    body: ClassVar[bytes] = b""

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.send_response(self.status)
        self.send_header("X-Request-Id", REQUEST_ID)
        self.send_header("Content-Length", str(len(self.body)))
        for name, value in self.headers_out:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_client() -> Iterator[DialStack]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with DialStack("sk_test_hostile", api_url=url, max_network_retries=0) as client:
            yield client
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def deep(depth: int, kind: str) -> bytes:
    opening, closing = ("[", "]") if kind == "array" else ('{"a":', "}")
    return (opening * depth + "1" + closing * depth).encode()


def deep_list_item(depth: int) -> bytes:
    return b'{"data":[' + deep(depth, "array") + b"]}"


def deep_error(depth: int) -> bytes:
    return b'{"error":' + deep(depth, "object") + b"}"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
hostile_values = st.one_of(
    json_values,
    st.sampled_from([1e308, -1e308, 10**30, -(10**30), 2**63, "9999-99-99", "\ud800", ""]),
)
account_fields = st.fixed_dictionaries(
    {},
    optional={
        name: hostile_values
        for name in ("id", "object", "email", "created", "created_at", "updated_at", "name",
                     "address", "pricing", "config", "tos_status", "data", "has_more",
                     "next_page_url", "error", "message", "code", "param", "details")
    },
)  # fmt: skip
depths = st.sampled_from([1_000, 100_000, 1_000_000])
raw_bodies = st.one_of(
    account_fields.map(lambda fields: json.dumps(fields).encode()),
    st.builds(deep, depths, st.sampled_from(["array", "object"])),
    st.builds(deep_list_item, depths),
    st.builds(deep_error, depths),
    st.sampled_from([b"NaN", b'{"id":NaN}', b'{"created":Infinity}', b"-Infinity", b"\xff\xfe{}",
                     b'{"id":"\xc3\x28"}', b"1" * 5000, b'{"id":' + b"1" * 5000 + b"}", b"",
                     b"null", b"[]", b'"text"', b"{", b"\x00" * 10]),
    st.binary(max_size=64),
)  # fmt: skip
retry_afters = st.one_of(
    st.none(),
    st.sampled_from(["1e400", "9" * 400, "-1", "nan", "inf", "Fri, 31 Dec 9999 23:59:59 GMT",
                     "Mon, 01 Jan 0001 00:00:00 +2359", "Tue, 99 Foo 2026 99:99:99 GMT", ""]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)  # fmt: skip
statuses = st.sampled_from([200, 201, 204, 400, 401, 404, 409, 422, 429, 500, 503, 599])
calls = st.sampled_from(["retrieve", "list", "list users", "create", "delete"])


def call(client: DialStack, which: str) -> object:
    if which == "retrieve":
        return client.accounts.retrieve("acct_1")
    if which == "list":
        return list(client.accounts.list().auto_paging_iter())
    if which == "list users":
        return client.users.list(dialstack_account="acct_1").data
    if which == "create":
        return client.accounts.create(email="a@example.com")
    client.accounts.delete("acct_1")
    return None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(status=statuses, body=raw_bodies, retry_after=retry_afters, which=calls)
def test_any_answer_ends_in_a_result_or_a_dialstack_error(
    hostile_client: DialStack, status: int, body: bytes, retry_after: str | None, which: str
) -> None:
    Scripted.status, Scripted.body = status, body
    Scripted.headers_out = [] if retry_after is None else [("Retry-After", retry_after)]
    failure: dialstack.DialStackError | None = None
    try:
        call(hostile_client, which)
    except dialstack.DialStackError as error:
        failure = error
    if failure is None:
        assert 200 <= status < 300
        return
    assert failure.status_code == status
    assert failure.request_id == REQUEST_ID
    if body.strip() and status != 204:  # a 204 has no body, whatever follows it
        assert failure.raw is not None
    assert str(failure) and repr(failure)  # printable, however deep the body was


def test_a_deep_error_body_keeps_status_id_and_text(hostile_client: DialStack) -> None:
    Scripted.status, Scripted.body, Scripted.headers_out = 503, deep(100_000, "array"), []
    with pytest.raises(dialstack.DialStackAPIError) as raised:
        hostile_client.accounts.retrieve("acct_1")
    error = raised.value
    assert (error.status_code, error.request_id) == (503, REQUEST_ID)
    assert error.raw == deep(100_000, "array").decode()


def test_nan_is_not_json(hostile_client: DialStack) -> None:
    Scripted.status, Scripted.body, Scripted.headers_out = 200, b'{"id":NaN}', []
    with pytest.raises(dialstack.DialStackAPIError) as raised:
        hostile_client.accounts.retrieve("acct_1")
    assert raised.value.code == "unreadable_response"
    assert raised.value.raw == '{"id":NaN}'
