"""One headless Chromium for the session, a page of ours served from an origin the emulator
allows (``--allowed-origin``), and an emulator subprocess started with that flag.

Chromium resolves the page's names to 127.0.0.1 (``--host-resolver-rules``): ``app.test``
is the allowed origin, ``elsewhere.test`` one that is not.
"""

import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import pytest

from .devtools import Browser, Tab, chromium

PAGE = (Path(__file__).parent / "page.html").read_bytes()
ALLOWED_HOST = "app.test"
OTHER_HOST = "elsewhere.test"


class _PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test's output is the assertions, not an access log


@pytest.fixture(scope="session")
def page_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def emulator_url(page_port: int) -> Iterator[str]:
    """The emulator as a user runs it, allowing the page's origin."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dialstack.emulator",
            "--port=0",
            "--db=:memory:",
            f"--allowed-origin=http://{ALLOWED_HOST}:{page_port}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        if line.startswith("DialStack emulator listening on "):
            url = line.split()[-1]
        if line.strip() == "ready":
            break
    # Whatever it prints later is read and dropped, so a full pipe never blocks it.
    drain = threading.Thread(target=process.stdout.read, daemon=True)
    drain.start()
    try:
        assert url, "the emulator did not say where it listens"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        drain.join(timeout=30)
        process.stdout.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    rules = f"MAP {ALLOWED_HOST} 127.0.0.1, MAP {OTHER_HOST} 127.0.0.1"
    with chromium(
        f"--host-resolver-rules={rules}",
        "--disable-features=HttpsUpgrades",
        "--autoplay-policy=no-user-gesture-required",
    ) as started:
        yield started


@pytest.fixture
def page(browser: Browser, page_port: int) -> Iterator[Tab]:
    with browser.tab(f"http://{ALLOWED_HOST}:{page_port}/") as tab:
        yield tab


@dataclass(frozen=True)
class Backend:
    """What the developer's backend does with a secret key: seed data, mint sessions."""

    http: httpx2.Client
    url: str
    account: str
    user: str

    def post(self, path: str, **body: Any) -> dict[str, Any]:
        answer = self.http.post(path, json=body, headers={"DialStack-Account": self.account})
        assert answer.status_code in (200, 201), answer.text
        found: dict[str, Any] = answer.json()
        return found

    def session(self, *components: str) -> str:
        created = self.post(
            "/v1/account_sessions",
            account=self.account,
            components={name: {"enabled": True} for name in components},
        )
        return str(created["client_secret"])

    def clock(self, **body: Any) -> None:
        api_key = self.http.headers["Authorization"].removeprefix("Bearer ")
        answer = self.http.post("/_emulator/clock", json={"api_key": api_key, **body})
        assert answer.status_code == 200, answer.text


@pytest.fixture
def backend(emulator_url: str) -> Iterator[Backend]:
    key = f"sk_test_browser_{secrets.token_hex(8)}"
    with httpx2.Client(
        base_url=emulator_url, headers={"Authorization": f"Bearer {key}"}, trust_env=False
    ) as http:
        account = http.post("/v1/accounts", json={"email": "owner@example.com"}).json()["id"]
        user = http.post(
            "/v1/users", json={"name": "Ada Lovelace"}, headers={"DialStack-Account": account}
        ).json()["id"]
        yield Backend(http, emulator_url, account, user)
