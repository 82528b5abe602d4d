"""``EmulatorControl``: a small client of the ``/_emulator/`` endpoints for one tenant key."""

from dataclasses import dataclass
from typing import Any

import httpx2

_TIMEOUT = 30.0  # s: a control call never waits on a fault, so this is only a safety net


@dataclass(frozen=True)
class LoggedRequest:
    """One ``/v1`` request as the emulator saw it, and the status it answered."""

    method: str
    path: str
    """As sent, percent-escapes and all."""
    query: str
    headers: dict[str, str]
    """Lowercased names; ``authorization`` shows at most the key's last four characters."""
    body: Any
    """The parsed JSON body; None when empty; the text when not JSON."""
    status: int
    """0 while the request is still running (a delay), or when the emulator dropped the
    connection instead of answering."""
    request_id: str


@dataclass(frozen=True)
class Fault:
    """A fault rule with the number of matching requests it still fires for (``times``)."""

    id: str
    method: str
    path: str
    times: int
    status: int | None
    body: Any
    headers: dict[str, str] | None
    retry_after: int | str | None
    delay: float | None
    drop: bool
    drop_after_commit: bool


class EmulatorControlError(RuntimeError):
    """A control call the emulator refused. The message names the call, the status and the
    emulator's reason, never the URL: its query holds the API key."""


def checked(answer: httpx2.Response, method: str, path: str) -> httpx2.Response:
    """``answer`` when it succeeded, else the ``EmulatorControlError`` it amounts to."""
    if answer.is_success:
        return answer
    try:
        reason = answer.json().get("error")
    except (ValueError, AttributeError):
        reason = None
    said = f": {reason}" if isinstance(reason, str) else ""
    raise EmulatorControlError(f"{method} {path} answered {answer.status_code}{said}")


class EmulatorControl:
    """Reset data, inject faults and read the request log of one tenant (one API key)."""

    def __init__(self, url: str, api_key: str) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key

    def reset(self) -> None:
        """Delete this key's data, fault rules and request log."""
        self._request("POST", "/_emulator/reset", json={"api_key": self.api_key})

    def add_fault(
        self,
        method: str,
        path: str,
        *,
        status: int | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        retry_after: int | str | None = None,
        delay: float | None = None,
        drop: bool = False,
        drop_after_commit: bool = False,
        times: int = 1,
    ) -> Fault:
        """Make the next ``times`` requests matching ``method`` ("*" for any) and ``path``
        (an ``fnmatch`` glob) answer ``status``, wait ``delay`` seconds first, drop the
        connection unanswered (``drop``), or commit and then drop (``drop_after_commit``).

        Args:
            body: the body to answer with ``status``: a JSON value, or a str sent as text.
            headers: extra response headers for ``status``.
            retry_after: the ``Retry-After`` header for ``status``.
        """
        rule: dict[str, Any] = {
            "api_key": self.api_key,
            "method": method,
            "path": path,
            "times": times,
            "drop": drop,
            "drop_after_commit": drop_after_commit,
        }
        optional = {
            "status": status,
            "body": body,
            "headers": headers,
            "retry_after": retry_after,
            "delay": delay,
        }
        rule.update({name: value for name, value in optional.items() if value is not None})
        return Fault(**self._request("POST", "/_emulator/faults", json=rule).json())

    def faults(self) -> list[Fault]:
        """The rules that have not fired their last time yet."""
        answer = self._request("GET", "/_emulator/faults", params={"api_key": self.api_key})
        return [Fault(**rule) for rule in answer.json()["data"]]

    def clear_faults(self) -> None:
        self._request("DELETE", "/_emulator/faults", params={"api_key": self.api_key})

    def requests(self) -> list[LoggedRequest]:
        """This key's ``/v1`` requests, oldest first."""
        answer = self._request("GET", "/_emulator/requests", params={"api_key": self.api_key})
        return [LoggedRequest(**entry) for entry in answer.json()["data"]]

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        # trust_env=False: a proxy from the environment must never see a loopback call.
        with httpx2.Client(base_url=self.url, timeout=_TIMEOUT, trust_env=False) as http:
            answer = http.request(method, path, **kwargs)
        return checked(answer, method, path)
