"""The minimal API server the client benchmarks run against: ``python -m benchmarks.stub_server``.

An asyncio ``Protocol`` speaking just enough keep-alive HTTP/1.1 to answer with canned bytes,
so that nearly all of a measured call's time is the client's. It runs in a process of its own
(the client's GIL stays the client's) and prints ``listening on URL`` once it accepts.

- ``GET /v1/accounts/<id>``: the fixed account; an id starting ``acct_retry_`` is answered
  503 ``Retry-After: 0`` twice, then 200 (the retry benchmark's "retry now").
- ``GET /v1/accounts?limit=L&total=N[&page=K]``: page K of a synthetic collection of N
  accounts, with ``next_page_url`` while more remain.
"""

import argparse
import asyncio
import signal
from urllib.parse import parse_qs, urlsplit

from .fixtures import ACCOUNT_JSON, RETRY_PREFIX, account, dumps, list_json


def _response(status: bytes, body: bytes, extra: bytes = b"") -> bytes:
    return (
        b"HTTP/1.1 " + status + b"\r\ncontent-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n"
        b"x-request-id: req_benchmark\r\n" + extra + b"\r\n" + body
    )


_ACCOUNT = _response(b"200 OK", ACCOUNT_JSON)
_UNAVAILABLE = _response(
    b"503 Service Unavailable",
    dumps({"error": {"type": "api_error", "message": "try again"}}),
    b"retry-after: 0\r\n",
)
_NOT_FOUND = _response(b"404 Not Found", dumps({"error": {"type": "not_found"}}))
_OK = _response(b"200 OK", b'{"status":"ok"}')
_RETRIEVE = b"/v1/accounts/"
_LIST = b"/v1/accounts"
_FAILURES = 2


def list_page(target: str) -> bytes:
    """One page of ``total`` synthetic accounts; ids have a fixed width so pages weigh the same."""
    query = parse_qs(urlsplit(target).query)
    limit = int(query.get("limit", ["10"])[0])
    total = int(query.get("total", ["100"])[0])
    start = int(query.get("page", ["0"])[0])
    end = min(start + limit, total)
    items = [account(f"acct_{n:026d}") for n in range(start, end)]
    link = f"/v1/accounts?limit={limit}&total={total}&page={end}" if end < total else None
    return _response(b"200 OK", list_json(items, link))


class _Connection(asyncio.Protocol):
    def __init__(self, failures: dict[bytes, int]) -> None:
        self._failures = failures  # per retry id: 503s sent so far (shared by connections)
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self._buffer[:end]
            length = _body_length(head)
            if len(self._buffer) < end + 4 + length:
                return
            self._buffer = self._buffer[end + 4 + length :]
            assert self._transport is not None
            self._transport.write(self._answer(head))

    def _answer(self, head: bytes) -> bytes:
        target = head.split(b" ", 2)[1]
        if target.startswith(_RETRIEVE):
            account_id = target[len(_RETRIEVE) :]
            if account_id.startswith(RETRY_PREFIX.encode()):
                return self._flaky(account_id)
            return _ACCOUNT
        if target == _LIST or target.startswith(_LIST + b"?"):
            return list_page(target.decode())
        if target == b"/health":
            return _OK
        return _NOT_FOUND

    def _flaky(self, account_id: bytes) -> bytes:
        sent = self._failures.get(account_id, 0)
        if sent < _FAILURES:
            self._failures[account_id] = sent + 1
            return _UNAVAILABLE
        del self._failures[account_id]
        return _ACCOUNT


def _body_length(head: bytes) -> int:
    # Only requests with a body carry the header; GETs (all the benchmarks send) skip the scan.
    marker = head.lower().find(b"\r\ncontent-length:")
    if marker < 0:
        return 0
    line_end = head.find(b"\r\n", marker + 2)
    value = head[marker + 17 : line_end if line_end >= 0 else len(head)]
    return int(value.strip())


async def serve(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    failures: dict[bytes, int] = {}
    server = await loop.create_server(lambda: _Connection(failures), host, port)
    bound = server.sockets[0].getsockname()[1]
    print(f"listening on http://{host}:{bound}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    async with server:
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stub_server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    asyncio.run(serve(options.host, options.port))


if __name__ == "__main__":
    main()
