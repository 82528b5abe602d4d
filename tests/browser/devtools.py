"""Headless Debian Chromium driven over the DevTools protocol, with the ``websockets``
package the emulator extra already brings: one browser for the test session, a fresh tab
per test, and ``evaluate`` running a script in the tab (its promise awaited)."""

import itertools
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

CHROMIUM = "/usr/bin/chromium"
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
)
_START_SECONDS = 30.0


class ScriptFailed(Exception):
    """The page's script threw (or its promise rejected)."""


class Browser:
    """One Chromium process and its DevTools connection (the browser target)."""

    def __init__(self, socket: ClientConnection) -> None:
        self._socket = socket
        self._ids = itertools.count(1)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        """A DevTools command's result; events arriving meanwhile are passed over."""
        message_id = next(self._ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        while True:
            answer = json.loads(self._socket.recv(timeout=_START_SECONDS))
            if answer.get("id") != message_id:
                continue
            if "error" in answer:
                raise ScriptFailed(f"{method}: {answer['error']}")
            return answer["result"]

    @contextmanager
    def tab(self, url: str) -> Generator["Tab"]:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        tab = Tab(self, session)
        try:
            tab.open(url)
            yield tab
        finally:
            self.send("Target.closeTarget", {"targetId": target})


class Tab:
    def __init__(self, browser: Browser, session: str) -> None:
        self._browser = browser
        self._session = session

    def open(self, url: str) -> None:
        self._browser.send("Page.navigate", {"url": url}, self._session)
        self.evaluate(
            "new Promise(done => document.readyState === 'complete'"
            " ? done(true) : addEventListener('load', () => done(true)))"
        )

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the page, a promise awaited, as JSON.

        Raises:
            ScriptFailed: it threw, or its promise rejected.
        """
        result = self._browser.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            self._session,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise ScriptFailed(details.get("exception", {}).get("description", details["text"]))
        return result["result"].get("value")


@contextmanager
def chromium(*extra_flags: str) -> Generator[Browser]:
    """Starts Debian's Chromium headless and connects to it.

    Raises:
        FileNotFoundError: no Chromium at ``CHROMIUM`` (``scripts/browser`` installs it).
    """
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: scripts/browser installs it")
    profile = Path(tempfile.mkdtemp(prefix="dialstack-chromium-"))
    process = subprocess.Popen(
        [CHROMIUM, *_FLAGS, f"--user-data-dir={profile}", *extra_flags, "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with connect(_devtools_url(profile, process), max_size=None) as socket:
            yield Browser(socket)
    finally:
        process.terminate()
        process.wait(timeout=_START_SECONDS)
        shutil.rmtree(profile, ignore_errors=True)


def _devtools_url(profile: Path, process: "subprocess.Popen[bytes]") -> str:
    """The browser target's WebSocket, from the ``DevToolsActivePort`` file Chromium writes
    once it listens (the port it picked, then the path)."""
    active_port = profile / "DevToolsActivePort"
    deadline = time.monotonic() + _START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Chromium exited with {process.returncode} on start")
        lines = active_port.read_text().splitlines() if active_port.exists() else []
        if len(lines) == 2:
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        time.sleep(0.05)
    raise RuntimeError(f"Chromium wrote no {active_port} in {_START_SECONDS} s")
