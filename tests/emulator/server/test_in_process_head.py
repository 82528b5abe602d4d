"""A ``HEAD`` through the in-process transports answers as it does over a socket: the GET's
status and headers, ``Content-Length`` included, and no body."""

from collections.abc import Iterator

import httpx2
import pytest

from dialstack.emulator import Emulator
from dialstack.emulator.server.in_process import AsyncEmulatorTransport, EmulatorTransport


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as started:
        yield started


def _over_socket(emulator: Emulator, method: str) -> httpx2.Response:
    return httpx2.request(method, f"{emulator.url}/openapi.json", trust_env=False)


def test_head_in_process_has_no_body(emulator: Emulator) -> None:
    with httpx2.Client(transport=EmulatorTransport(emulator), base_url=emulator.url) as http:
        head = http.head("/openapi.json")
        get = http.get("/openapi.json")
    over_socket = _over_socket(emulator, "HEAD")

    assert head.status_code == get.status_code == over_socket.status_code == 200
    assert head.content == over_socket.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert over_socket.headers["content-length"] == head.headers["content-length"]


@pytest.mark.anyio
async def test_head_in_process_has_no_body_async(emulator: Emulator) -> None:
    async with httpx2.AsyncClient(
        transport=AsyncEmulatorTransport(emulator), base_url=emulator.url
    ) as http:
        head = await http.head("/openapi.json")

    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) > 0
