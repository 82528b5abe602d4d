"""Idle, half-open and trickling connections cannot lock other clients out."""

import contextlib
import re
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx2
import pytest

from dialstack.emulator import Emulator
from dialstack.emulator.server import connections

FILE_LIMIT = 1024
IDLE_CONNECTIONS = 1100


def _limit_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))


@pytest.fixture
def limited_server() -> Iterator[str]:
    """The CLI in a process that may open at most FILE_LIMIT files."""
    process = subprocess.Popen(
        [sys.executable, "-m", "dialstack.emulator", "--port", "0", "--db", ":memory:"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # asyncio logs each refused accept while at the limit
        text=True,
        preexec_fn=_limit_files,  # noqa: PLW1509 (no threads in the test process matter here)
    )
    try:
        assert process.stdout is not None
        match = re.search(r"http://\S+", process.stdout.readline())
        assert match is not None
        assert process.stdout.readline() == "ready\n"
        yield match.group()
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_idle_connections_past_the_file_limit_do_not_lock_others_out(limited_server: str) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < IDLE_CONNECTIONS + 100:
        pytest.skip("this process may not open enough sockets")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, IDLE_CONNECTIONS + 100), hard))
    host, port = limited_server.removeprefix("http://").rsplit(":", 1)
    idle: list[socket.socket] = []
    try:
        for index in range(IDLE_CONNECTIONS):
            with contextlib.suppress(OSError):
                idle.append(socket.create_connection((host, int(port)), timeout=5))
            if index % 3 == 0 and idle:
                idle[-1].sendall(b"GET /v1/acc")  # half a request head, never finished
        # Well under REQUEST_HEAD_TIMEOUT: it is the shedding that lets us in, not a timeout.
        answer = httpx2.get(f"{limited_server}/_emulator/health", timeout=5, trust_env=False)
    finally:
        for sock in idle:
            sock.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    assert answer.status_code == 200


@pytest.fixture
def short_deadlines(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    monkeypatch.setattr(connections, "REQUEST_HEAD_TIMEOUT", 0.5)
    monkeypatch.setattr(connections, "BODY_TIMEOUT", 0.5)
    with Emulator() as emulator:
        yield emulator


def _connect(emulator: Emulator) -> socket.socket:
    host, port = emulator.url.removeprefix("http://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=10)


def _closed_by_server(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


@pytest.mark.parametrize(
    "sent", [b"", b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\n"], ids=["silent", "half"]
)
def test_a_connection_without_a_whole_head_is_closed(
    short_deadlines: Emulator, sent: bytes
) -> None:
    with _connect(short_deadlines) as sock:
        sock.sendall(sent)

        assert _closed_by_server(sock) == b""


def test_a_head_trickled_byte_by_byte_still_has_its_deadline(short_deadlines: Emulator) -> None:
    head = b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + b"a" * 1000
    with _connect(short_deadlines) as sock:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            for byte in head:
                sock.sendall(bytes([byte]))
                time.sleep(0.01)
                if time.monotonic() - started > 5:
                    break

        assert _closed_by_server(sock) == b""


def test_a_keep_alive_connection_gets_a_new_deadline_after_each_answer(
    short_deadlines: Emulator,
) -> None:
    request = b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
    with _connect(short_deadlines) as sock:
        sock.sendall(request)
        time.sleep(0.3)  # within the deadline of the first head
        sock.sendall(request)
        time.sleep(0.3)  # past it, but within the deadline after the first answer
        sock.sendall(request)
        answers = _closed_by_server(sock)

    assert answers.count(b"HTTP/1.1 200") == 3


def test_a_body_that_never_arrives_is_cut_off(short_deadlines: Emulator) -> None:
    with _connect(short_deadlines) as sock:
        sock.sendall(
            b"POST /v1/accounts HTTP/1.1\r\nHost: localhost\r\n"
            b"Authorization: Bearer sk_test_slow_body_0001\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        answer = _closed_by_server(sock)

    assert answer == b""
    with _connect(short_deadlines) as sock:  # and the server serves on
        sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")


def test_a_declared_oversized_body_is_refused_before_it_is_sent() -> None:
    with Emulator() as emulator, _connect(emulator) as sock:
        sock.sendall(
            b"POST /_emulator/faults HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\n"
            b"Content-Length: " + str(100 * 1024 * 1024).encode() + b"\r\n\r\n"
        )
        answer = _closed_by_server(sock)

    assert answer.startswith(b"HTTP/1.1 413")
    assert b"connection: close" in answer.lower()


@pytest.mark.parametrize("length", [b"1048577", b"9" * 5000, b"0" * 50 + b"99999999"])
def test_any_declared_length_over_the_limit_is_refused(length: bytes) -> None:
    with Emulator() as emulator, _connect(emulator) as sock:
        sock.sendall(
            b"POST /v1/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
            + length
            + b"\r\n\r\n"
        )
        answer = _closed_by_server(sock)

    # 413 from us, or 400 from h11 for a length it will not even parse.
    assert answer.startswith((b"HTTP/1.1 413", b"HTTP/1.1 400")), answer[:200]


@pytest.mark.parametrize(
    "head",
    [
        b"GET /v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: _b{\r\n\r\n",
        b"GET /v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Length: 1\r\nContent-Length: 2\r\n\r\n",
        b"GET /v1/users HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
        b"\x00\x01\x02 / HTTP/1.1\r\n\r\n",
    ],
)
def test_a_request_http_cannot_read_gets_the_apis_error_shape(
    dialstack_emulator_server: Emulator, head: bytes
) -> None:
    with _connect(dialstack_emulator_server) as sock:
        sock.sendall(head)
        answer = _closed_by_server(sock)

    status, _, rest = answer.partition(b"\r\n")
    headers, _, body = rest.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 400")
    assert b"content-type: application/json" in headers.lower()
    assert re.search(rb'"code": ?"bad_request"', body)
    # The emulator goes on serving.
    assert httpx2.get(f"{dialstack_emulator_server.url}/_emulator/health").status_code == 200
