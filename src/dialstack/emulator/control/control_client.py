"""``EmulatorControl``: a small client of the ``/_emulator/`` endpoints for one tenant key."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import httpx2

from dialstack.webhooks import WebhookEvent

_TIMEOUT = 30.0  # s: a control call never waits on a fault, so this is only a safety net
_EVENTS_PAGE = 1_000


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


@dataclass(frozen=True)
class ClockState:
    """A tenant's clock: ``real`` follows the machine's; ``stepped`` stands still until
    advanced, and simulated calls, retries and expiries wait on it."""

    mode: Literal["real", "stepped"]
    now: datetime
    """Aware, UTC."""


@dataclass(frozen=True)
class DeliveryAttempt:
    number: int
    started_at: datetime | None
    duration: float
    """Seconds."""
    status_code: int | None
    """None when no answer came (refused, timed out, dropped)."""
    error: str | None


@dataclass(frozen=True)
class WebhookDelivery:
    """One event on its way to one webhook endpoint, with every attempt so far."""

    id: str
    event: str
    event_type: str
    endpoint: str
    status: Literal["pending", "delivered", "failed", "canceled"]
    next_attempt_at: datetime | None
    attempts: tuple[DeliveryAttempt, ...]


@dataclass(frozen=True)
class DeliveryCounts:
    """A tenant's deliveries by status, after a flush."""

    pending: int
    delivered: int
    failed: int
    canceled: int


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

    def clock(self) -> ClockState:
        """This key's clock."""
        answer = self._request("GET", "/_emulator/clock", params={"api_key": self.api_key})
        return _clock_state(answer.json())

    def step_clock(self) -> ClockState:
        """Stop this key's time where it is: from now on it moves only by ``advance_clock``,
        and each simulated call's stages, webhook retries and expiries wait for it."""
        return self._set_clock(mode="stepped")

    def advance_clock(self, by: float | timedelta) -> ClockState:
        """Move a stepped clock forward (seconds, or a ``timedelta``; at most a year a step),
        running what comes due on the way: call stages, their events and deliveries.

        Raises:
            EmulatorControlError: the clock is not stepped, or ``by`` is out of range.
        """
        seconds = by.total_seconds() if isinstance(by, timedelta) else by
        return self._set_clock(advance_seconds=seconds)

    def real_clock(self) -> ClockState:
        """Give this key real time again: every simulated call still running finishes first,
        and the clock never goes back before the stepped time."""
        return self._set_clock(mode="real")

    def flush_deliveries(self, *, retries: bool = False, timeout: float = 30.0) -> DeliveryCounts:
        """Return once every webhook delivery due so far has had its attempt (with
        ``retries``, every scheduled retry is brought forward first).

        Raises:
            EmulatorControlError: deliveries were still due after ``timeout`` seconds.
        """
        answer = self._request(
            "POST",
            "/_emulator/webhook_deliveries/flush",
            json={"api_key": self.api_key, "retries": retries, "timeout": timeout},
            timeout=timeout + _TIMEOUT,
        )
        return DeliveryCounts(**answer.json())

    def events(self, type: str | None = None) -> list[WebhookEvent]:
        """This key's events, oldest first (the emulator keeps the newest 10,000), each as a
        webhook endpoint receives it; ``type`` keeps one event type."""
        found: list[WebhookEvent] = []
        params: dict[str, str | int] = {"api_key": self.api_key, "limit": _EVENTS_PAGE}
        if type is not None:
            params["type"] = type
        while True:
            page = self._request("GET", "/_emulator/events", params=params).json()
            found += [WebhookEvent.from_wire(event) for event in page["data"]]
            if not page["has_more"] or not page["data"]:
                return found
            params["starting_after"] = page["data"][-1]["id"]

    def deliveries(
        self,
        *,
        event: str | None = None,
        endpoint: str | None = None,
        status: Literal["pending", "delivered", "failed", "canceled"] | None = None,
    ) -> list[WebhookDelivery]:
        """This key's webhook deliveries and their attempts, oldest first."""
        filters = {"event": event, "endpoint": endpoint, "status": status}
        params = {"api_key": self.api_key} | {k: v for k, v in filters.items() if v is not None}
        answer = self._request("GET", "/_emulator/webhook_deliveries", params=params)
        return [_delivery(found) for found in answer.json()["data"]]

    def _set_clock(self, **change: Any) -> ClockState:
        answer = self._request("POST", "/_emulator/clock", json={"api_key": self.api_key, **change})
        return _clock_state(answer.json())

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        # trust_env=False: a proxy from the environment must never see a loopback call.
        kwargs.setdefault("timeout", _TIMEOUT)
        with httpx2.Client(base_url=self.url, trust_env=False) as http:
            answer = http.request(method, path, **kwargs)
        return checked(answer, method, path)


def _clock_state(found: dict[str, Any]) -> ClockState:
    return ClockState(found["mode"], datetime.fromtimestamp(found["now"], UTC))


def _moment(stamp: str | None) -> datetime | None:
    return None if stamp is None else datetime.fromisoformat(stamp)


def _delivery(found: dict[str, Any]) -> WebhookDelivery:
    return WebhookDelivery(
        id=found["id"],
        event=found["event"],
        event_type=found["event_type"],
        endpoint=found["endpoint"],
        status=found["status"],
        next_attempt_at=_moment(found["next_attempt_at"]),
        attempts=tuple(
            DeliveryAttempt(
                number=attempt["number"],
                started_at=_moment(attempt["started_at"]),
                duration=attempt["duration"],
                status_code=attempt["status_code"],
                error=attempt["error"],
            )
            for attempt in found["attempts"]
        ),
    )
