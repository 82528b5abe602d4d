"""Which emulator the fixtures use: the one ``DIALSTACK_API_URL`` names, or one of their own.

``dialstack-emulator -- pytest`` sets ``DIALSTACK_API_URL`` and ``DIALSTACK_API_KEY``; the
fixtures then use that emulator instead of starting a second one. They use it only when it
answers ``/_emulator/health`` on a loopback address: a URL that names the real API (or
nothing) must never receive test traffic, so then they start their own as usual.
"""

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx2
import pytest

from .._loopback import is_loopback

if TYPE_CHECKING:
    from ..emulator import Emulator

INSTALL_HINT = "pip install 'dialstack[emulator]'"
_PROBE_TIMEOUT = 5.0  # s: a loopback server that takes longer is not one to test against
_TEST_PREFIX = "sk_test_"


@dataclass(frozen=True)
class Target:
    """An emulator the fixtures talk to."""

    url: str
    server: "Emulator | None"
    """The in-process emulator; None for one in another process."""
    only_key: str | None
    """Set when the emulator accepts this key alone (``--api-key``): every test shares it."""

    def new_api_key(self) -> str:
        if self.only_key is not None:
            return self.only_key
        if self.server is not None:
            return self.server.new_api_key()
        return _TEST_PREFIX + secrets.token_hex(16)


def start_emulator() -> "Emulator":
    """An in-memory emulator on a free port, or a failure that says what to install."""
    try:
        from ..emulator.server.emulator import Emulator  # noqa: PLC0415 (needs the emulator extra)
    except ModuleNotFoundError as missing:
        pytest.fail(
            f"the dialstack fixtures run a local emulator, which needs the emulator extra "
            f"({missing.name} is not installed): {INSTALL_HINT}",
            pytrace=False,
        )
    return Emulator(db=":memory:").start()


def running_emulator(environ: Mapping[str, str] = os.environ) -> Target | None:
    """The emulator ``DIALSTACK_API_URL`` names, if it is one and is up; else None."""
    url = environ.get("DIALSTACK_API_URL", "").rstrip("/")
    if not url:
        return None
    try:
        host = httpx2.URL(url).host
    except httpx2.InvalidURL:
        return None
    if not is_loopback(host):
        return None
    with httpx2.Client(base_url=url, timeout=_PROBE_TIMEOUT, trust_env=False) as http:
        try:
            health = http.get("/_emulator/health")
            if health.status_code != 200 or health.json() != {"status": "ok"}:
                return None
            # Any sk_test_ key is its own platform, unless the emulator runs with --api-key.
            probe_key = _TEST_PREFIX + secrets.token_hex(16)
            probe = http.get(
                "/v1/accounts",
                params={"limit": 1},
                headers={"Authorization": f"Bearer {probe_key}"},
            )
        except (httpx2.HTTPError, ValueError):
            return None
    if probe.status_code != 401:
        return Target(url, None, None)
    only_key = environ.get("DIALSTACK_API_KEY")
    if not only_key:
        pytest.fail(
            f"the emulator at {url} accepts one key only (--api-key): set DIALSTACK_API_KEY",
            pytrace=False,
        )
    return Target(url, None, only_key)
