"""Where a command sends: the key, URL, account and timeout, from the options or the
environment, and the emulator's control routes (``/_emulator/...``) for ``listen`` and
``logs tail``.

The key is kept out of every repr and message: a failure names the ``scheme://host:port``
it tried, never the URL with its ``api_key`` query.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._loopback import is_loopback as host_is_loopback
from .values import ArgumentMistake

if TYPE_CHECKING:
    from dialstack import DialStack

DEFAULT_API_URL = "https://api.dialstack.ai"


class Failure(Exception):
    """A command that could not finish (exit status 1); the message is one line."""


@dataclass(frozen=True)
class Connection:
    api_key: str = field(repr=False)
    api_url: str | None
    account: str | None
    timeout: float | None

    @property
    def url(self) -> str:
        return self.api_url or DEFAULT_API_URL

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname}:{parts.port or ''}".rstrip(":")

    def is_emulator(self) -> bool:
        """A loopback URL: the emulator (the real API is never on loopback)."""
        return is_loopback(self.url)

    def client(self) -> DialStack:
        from dialstack import DialStack  # noqa: PLC0415 - only the commands that call need it

        settings: dict[str, Any] = {"dialstack_account": self.account}
        if self.timeout is not None:
            settings["timeout"] = self.timeout
        return DialStack(api_key=self.api_key, api_url=self.api_url, **settings)

    def control(self, route: str, **params: str) -> Any:
        """The JSON of ``GET /_emulator/<route>`` for this key's tenant."""
        import httpx2  # noqa: PLC0415 - as above

        try:
            with httpx2.Client(
                base_url=self.url, trust_env=False, timeout=self.timeout or 10
            ) as http:
                answer = http.get(f"/_emulator/{route}", params={"api_key": self.api_key, **params})
        except httpx2.HTTPError as error:
            raise Failure(
                f"the emulator at {self.origin} did not answer ({type(error).__name__})"
            ) from None
        if answer.status_code != 200:
            raise Failure(
                f"the emulator at {self.origin} answered {answer.status_code} to /_emulator/{route}"
            )
        return answer.json()


def is_loopback(url: str) -> bool:
    """The SDK's own rule (``dialstack._loopback``): where it sends plain http, we follow."""
    return host_is_loopback(urlsplit(url).hostname or "")


def connection(options: argparse.Namespace) -> Connection:
    api_key = getattr(options, "api_key", None) or os.environ.get("DIALSTACK_API_KEY")
    if not api_key:
        raise ArgumentMistake("no API key: pass --api-key or set DIALSTACK_API_KEY")
    return Connection(
        api_key,
        getattr(options, "api_url", None) or os.environ.get("DIALSTACK_API_URL") or None,
        getattr(options, "account", None) or os.environ.get("DIALSTACK_ACCOUNT") or None,
        getattr(options, "timeout", None),
    )
