"""A bare keep-alive HTTP/1.1 client for load generation: canned request bytes out, one
answer read back by its Content-Length. Far cheaper per request than any full client, so the
server, not the load generator, is what saturates."""

import asyncio
from urllib.parse import urlsplit

from .fixtures import API_KEY, dumps


def request(url: str, method: str, path: str, body: object | None = None) -> bytes:
    host = urlsplit(url).netloc
    head = (
        f"{method} {path} HTTP/1.1\r\nhost: {host}\r\n"
        f"authorization: Bearer {API_KEY}\r\naccept: application/json\r\n"
    )
    if body is None:
        return (head + "\r\n").encode()
    payload = dumps(body)
    head += f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n"
    return head.encode() + payload


class BadAnswer(RuntimeError):
    pass


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, url: str) -> "Connection":
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer)

    async def exchange(self, data: bytes) -> tuple[int, bytes]:
        """Send one request; return the answer's status and body."""
        self._writer.write(data)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = _content_length(head)
        body = await self._reader.readexactly(length)
        return status, body

    async def close(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise BadAnswer("an answer without Content-Length: " + head.decode(errors="replace"))
