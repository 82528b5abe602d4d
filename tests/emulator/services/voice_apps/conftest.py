"""Fixtures for the voice-app tests (``api`` comes from tests/conftest.py): an account with a
phone number, and a real HTTP server on 127.0.0.1 playing a voice app."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class VoiceAppServer:
    """Keeps every POST it gets; answers ``status``."""

    url: str
    status: int = 200
    requests: list[Received] = field(default_factory=list[Received])
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.requests) >= count, timeout):
                raise TimeoutError(f"{len(self.requests)} of {count} webhooks arrived")
            return list(self.requests)


@pytest.fixture
def voice_app_server() -> Iterator[VoiceAppServer]:
    server: VoiceAppServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            received = Received(
                self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
            )
            self.send_response(server.status)
            self.send_header("content-length", "0")
            self.end_headers()
            with server.arrived:
                server.requests.append(received)
                server.arrived.notify_all()

        def log_message(self, format: str, *args: Any) -> None:
            del format, args

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    http.daemon_threads = True
    server = VoiceAppServer(f"http://127.0.0.1:{http.server_address[1]}/calls")
    thread = threading.Thread(target=http.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        http.shutdown()
        http.server_close()


@dataclass(frozen=True)
class Account:
    """One test's account, and a raw client of its platform."""

    http: httpx2.Client
    emulator: EmulatorHandle
    id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"DialStack-Account": self.id}

    def post(self, path: str, body: Any = None) -> httpx2.Response:
        return self.http.post(path, json=body, headers=self.headers)

    def get(self, path: str, **params: Any) -> httpx2.Response:
        return self.http.get(path, params=params, headers=self.headers)

    def delete(self, path: str) -> httpx2.Response:
        return self.http.delete(path, headers=self.headers)

    def created(self, path: str, body: Any) -> dict[str, Any]:
        answer = self.post(path, body)
        assert answer.status_code == 201, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def voice_app(self, url: str = "https://voice.example.com/calls") -> dict[str, Any]:
        return self.created("/v1/voice-apps", {"name": "Front desk", "url": url})

    def control(self, method: str, path: str, **body: Any) -> httpx2.Response:
        return httpx2.request(
            method,
            f"{self.emulator.url}/_emulator/{path}",
            json={"api_key": self.emulator.api_key, **body} if method == "POST" else None,
            params={"api_key": self.emulator.api_key} if method == "GET" else None,
            trust_env=False,
            timeout=60,
        )

    def deliveries(self) -> list[dict[str, Any]]:
        flushed = self.control("POST", "voice_app_deliveries/flush")
        assert flushed.status_code == 200, flushed.text
        answer = self.control("GET", "voice_app_deliveries")
        assert answer.status_code == 200, answer.text
        found: list[dict[str, Any]] = answer.json()["data"]
        return found


def new_account(http: httpx2.Client) -> str:
    answer = http.post("/v1/accounts", json={"email": "owner@example.com"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


@pytest.fixture
def account(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> Account:
    return Account(api, dialstack_emulator, new_account(api))
