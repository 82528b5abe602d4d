"""Receive DialStack webhooks in a small Starlette app: verify, deduplicate, handle.

The app is the part to copy: ``receive`` verifies the raw body with the endpoint's secret
(``dialstack.webhooks.construct_event``), answers 400 to anything that does not verify,
skips an event it has seen (delivery is at least once) and answers 2xx fast.

Run against the local emulator (the script serves the app on a free port, registers it,
sends two test events and waits for them):

    dialstack-emulator -- python examples/webhooks.py
"""

import os
import socket
import threading

import httpx2
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dialstack import DialStack, DialStackSignatureVerificationError, webhooks
from dialstack.webhooks import CallEventData, VoicemailEventData, WebhookEvent


def handle(event: WebhookEvent) -> None:
    """Your business: here, print a line per event."""
    data = event.data
    if isinstance(data, CallEventData):
        print(f"{event.type:14} call {data.call_id} from {data.from_number} ({data.status})")
    elif isinstance(data, VoicemailEventData):
        print(f"{event.type:14} {data.duration_seconds} s voicemail from {data.from_number}")
    else:
        print(f"{event.type:14} {event.id}")


async def receive(request: Request) -> Response:
    secret: str = request.app.state.webhook_secret
    try:
        event = webhooks.construct_event(
            await request.body(), request.headers.get(webhooks.SIGNATURE_HEADER), secret
        )
    except DialStackSignatureVerificationError as error:
        return JSONResponse({"error": error.reason}, status_code=400)
    seen: set[str] = request.app.state.seen
    if event.id not in seen:  # the same event may arrive twice: handle it once
        seen.add(event.id)
        handle(event)
    return Response(status_code=204)


app = Starlette(routes=[Route("/webhooks", receive, methods=["POST"])])
app.state.seen = set()


def serve_in_background() -> tuple[uvicorn.Server, str]:
    """The app on a free local port (in production: your web server)."""
    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True).start()
    while not server.started:
        threading.Event().wait(0.01)
    return server, f"http://127.0.0.1:{listener.getsockname()[1]}/webhooks"


def main() -> None:
    server, url = serve_in_background()
    try:
        with DialStack() as dialstack:  # reads DIALSTACK_API_KEY (and DIALSTACK_API_URL)
            account = dialstack.accounts.create(email="clinic@example.com")
            # The secret is in the create answer only: store it with your configuration.
            endpoint = dialstack.webhook_endpoints.create(url=url, description="CRM sync")
            app.state.webhook_secret = endpoint.secret
            print(f"endpoint       {endpoint.id} -> {url}")
            for event_type in ("call.end", "voicemail.new"):
                dialstack.test_helpers.events.create(event=event_type, dialstack_account=account.id)
        flush_emulator_deliveries()
    finally:
        server.should_exit = True


def flush_emulator_deliveries() -> None:
    """The emulator's control route: return once every delivery due so far was made (the
    real API delivers on its own; there you would wait for your handler instead)."""
    httpx2.post(
        f"{os.environ['DIALSTACK_API_URL']}/_emulator/webhook_deliveries/flush",
        json={"api_key": os.environ["DIALSTACK_API_KEY"]},
        trust_env=False,
        timeout=60,
    ).raise_for_status()


if __name__ == "__main__":
    main()
