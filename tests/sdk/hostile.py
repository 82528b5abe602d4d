"""Hostile servers on 127.0.0.1 for the SDK's tests: each connection gets the request read,
then whatever a script writes (trickled, endless, compressed, malformed), over a real socket."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Generator
from contextlib import contextmanager, suppress

Script = Callable[[socket.socket], None]
REQUEST_ID = "req_hostile"


def head(status: int = 200, *headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status} Hostile", f"X-Request-Id: {REQUEST_ID}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(status: int, body: bytes, *headers: str) -> Script:
    """One whole answer with a Content-Length."""

    def script(conn: socket.socket) -> None:
        conn.sendall(head(status, f"Content-Length: {len(body)}", *headers) + body)

    return script


def trickle(data: bytes, every: float, before: bytes = b"", until: float = 10.0) -> Script:
    """``before`` at once, then ``data`` one byte at a time, a byte every ``every`` seconds
    (for at most ``until`` seconds: long past any bound a test sets)."""

    def script(conn: socket.socket) -> None:
        conn.sendall(before)
        stop = time.monotonic() + until
        for byte in data:
            if time.monotonic() > stop:
                return
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return script


def endless(prefix: bytes, chunk: bytes, until: float = 20.0) -> Script:
    """``prefix``, then ``chunk`` again and again until the client goes away."""

    def script(conn: socket.socket) -> None:
        conn.sendall(prefix)
        stop = time.monotonic() + until
        while time.monotonic() < stop:
            conn.sendall(chunk)

    return script


class HostileServer:
    """Serves ``script`` to every connection, each in its own thread; counts requests."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, suppress(OSError):
            conn.settimeout(30)
            received = b""
            while b"\r\n\r\n" not in received:
                data = conn.recv(65536)
                if not data:
                    return
                received += data
            self.requests += 1
            self.script(conn)
            conn.shutdown(socket.SHUT_WR)
            with suppress(OSError):
                while conn.recv(65536):
                    pass

    def close(self) -> None:
        self._stopping.set()
        self._accepting.join()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=30)


@contextmanager
def serving(script: Script) -> Generator[HostileServer]:
    server = HostileServer(script)
    try:
        yield server
    finally:
        server.close()
