"""Receive the emulator's webhooks in a test: ``dialstack_webhook_receiver``.

The fixture starts a real HTTP server on 127.0.0.1, registers it as a platform-wide webhook
endpoint (every event type) of the test's own emulator key, and keeps the events whose
signature verified. A test reads: make something happen, ``flush()``, assert::

    def test_a_missed_call_is_logged(dialstack_client, dialstack_webhook_receiver):
        dialstack_client.test_helpers.events.create(event="call.end", dialstack_account=acct)
        dialstack_webhook_receiver.flush()
        assert [e.type for e in dialstack_webhook_receiver.events] == ["call.end"]

Only the standard library and pytest load with this module (the pytest plugin imports it in
every run); the SDK and the emulator load inside the fixture.
"""

# Imports inside functions are the point: see above.
# ruff: noqa: PLC0415

import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from dialstack.emulator import EmulatorHandle
    from dialstack.webhooks import WebhookEvent

_MAX_BODY = 10 * 1024 * 1024  # bytes a test receiver reads of one delivery
_CONTROL_TIMEOUT = 60.0
_POLL_INTERVAL = 0.02  # s: how soon close() stops the server


class WebhookReceiver:
    """A local HTTP server that verifies and keeps the webhooks it gets.

    Attributes:
        url: where it listens (``http://127.0.0.1:<port>/webhooks``).
        secret: the endpoint's signing secret, once registered (``register``).
        endpoint_id: the webhook endpoint it is registered as.
    """

    def __init__(self) -> None:
        self.secret: str | None = None
        self.endpoint_id: str | None = None
        self._emulator_url: str | None = None
        self._api_key: str | None = None
        self._lock = threading.Lock()
        self._received = threading.Condition(self._lock)
        self._events: list[WebhookEvent] = []
        self._rejected: list[str] = []
        self._answers: list[int] = []
        self._hang_count = 0
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(_POLL_INTERVAL,),
            name="dialstack-webhook-receiver",
            daemon=True,
        )
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webhooks"

    @property
    def events(self) -> "list[WebhookEvent]":
        """Verified events, in the order they arrived (a retried one appears again)."""
        with self._lock:
            return list(self._events)

    @property
    def rejected(self) -> list[str]:
        """Why each delivery that did not verify was refused (the error's ``reason``)."""
        with self._lock:
            return list(self._rejected)

    def register(self, emulator_url: str, api_key: str, **endpoint: Any) -> str:
        """Register as a webhook endpoint of ``api_key``'s platform; returns its id.

        ``endpoint`` is the rest of the create body (``enabled_events``...); pass
        ``dialstack_account=`` to make it an account's endpoint instead.
        """
        account = endpoint.pop("dialstack_account", None)
        headers = {"Authorization": f"Bearer {api_key}"}
        if account is not None:
            headers["DialStack-Account"] = account
        created = _post(
            f"{emulator_url}/v1/webhook_endpoints", {"url": self.url, **endpoint}, headers
        )
        endpoint_id: str = created["id"]
        self.secret, self.endpoint_id = created["secret"], endpoint_id
        self.attach(emulator_url, api_key)
        return endpoint_id

    def attach(self, emulator_url: str, api_key: str) -> None:
        """Flush this emulator from now on (one restarted on another port, say)."""
        self._emulator_url, self._api_key = emulator_url, api_key

    def flush(self, *, retries: bool = False, timeout: float = 30.0) -> dict[str, int]:
        """Return once the emulator has attempted every delivery due so far (of this key).

        Args:
            retries: also make every scheduled retry now.

        Returns:
            How many of this key's deliveries are pending, delivered, failed, canceled.
        """
        if self._emulator_url is None:
            raise RuntimeError("register() the receiver with an emulator first")
        counts: dict[str, int] = _post(
            f"{self._emulator_url}/_emulator/webhook_deliveries/flush",
            {"api_key": self._api_key, "retries": retries, "timeout": timeout},
        )
        return counts

    def wait_for(self, count: int, timeout: float = 10.0) -> "list[WebhookEvent]":
        """Wait until at least ``count`` verified events arrived; return them all."""
        with self._received:
            if not self._received.wait_for(lambda: len(self._events) >= count, timeout):
                raise TimeoutError(f"{len(self._events)} of {count} events within {timeout} s")
            return list(self._events)

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer the next ``count`` deliveries with ``status`` (a receiver that is down)."""
        with self._lock:
            self._answers.extend([status] * count)

    def hang_next(self, count: int) -> None:
        """Never answer the next ``count`` deliveries (until ``close``): a hung receiver."""
        with self._lock:
            self._hang_count += count

    def recover(self) -> None:
        """Answer normally again: forget what ``fail_next`` and ``hang_next`` still had."""
        with self._lock:
            self._answers.clear()
            self._hang_count = 0

    def clear(self) -> None:
        with self._lock:
            self._events.clear()
            self._rejected.clear()

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def handle_delivery(self, body: bytes, signature: str | None) -> int:
        """Verify and keep one delivery; the status to answer it with."""
        from dialstack.webhooks import DialStackSignatureVerificationError, construct_event

        with self._lock:
            hang = self._hang_count > 0
            self._hang_count -= hang
            status = self._answers.pop(0) if self._answers and not hang else None
        if hang:
            self._release.wait()
            return 503
        if status is not None:
            return status
        try:
            event = construct_event(body, signature, self.secret or "unregistered")
        except DialStackSignatureVerificationError as error:
            with self._lock:
                self._rejected.append(error.reason)
            return 400
        with self._received:
            self._events.append(event)
            self._received.notify_all()
        return 200


def _handler_for(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the emulator reuses its connections

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length > _MAX_BODY:
                self.send_error(413)
                return
            body = self.rfile.read(length)
            status = receiver.handle_delivery(body, self.headers.get("x-dialstack-signature"))
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: a test's output is not an access log."""

    return Handler


def _post(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(  # noqa: S310  (the emulator's own http:// URL)
        url,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", **(headers or {})},
        method="POST",
    )
    # No proxy: the emulator is on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=_CONTROL_TIMEOUT) as answer:
        return json.loads(answer.read())


@pytest.fixture
def dialstack_webhook_receiver(
    dialstack_emulator: "EmulatorHandle",
) -> Iterator[WebhookReceiver]:
    """A ``WebhookReceiver`` registered as a platform-wide endpoint of the test's own key:
    every event of every account of the test's platform reaches it."""
    receiver = WebhookReceiver()
    try:
        receiver.register(dialstack_emulator.url, dialstack_emulator.api_key)
        yield receiver
    finally:
        receiver.close()
