"""The backend route DialStack's browser components need: it creates an account session with
your secret key and hands the browser only the session's ``client_secret``.

Your frontend passes it to the components:

    DialStack.loadDialstackAndInitialize({
      publishableKey: "pk_test_local",
      apiUrl: "http://127.0.0.1:8787",          // the emulator
      fetchClientSecret: async () =>
        (await fetch("/api/dialstack-session", { method: "POST" })).json(),
    })

Serve it next to your frontend's dev server, against a running emulator:

    DIALSTACK_API_URL=http://127.0.0.1:8787 DIALSTACK_API_KEY=sk_test_local \\
        uvicorn --app-dir examples frontend_backend:app --port 3001

Or run it once as the browser would use it (creates a call, fetches a session, lists the
call with it as the call-logs component does):

    dialstack-emulator -- python examples/frontend_backend.py
"""

import os
import socket
import threading
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import httpx2
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from dialstack import AccountSessionComponents, AsyncDialStack, DialStack

COMPONENTS: AccountSessionComponents = {
    "call_logs": {"enabled": True},
    "voicemails": {"enabled": True},
    "call_history": {"enabled": True},
    "phone_numbers": {"enabled": True},
}
"""What this product embeds: each session may show these, and call only their routes."""


def account_of(request: Request) -> str:
    """Your business: the DialStack account of the customer signed in to your product.
    Here, one account for everyone (``DIALSTACK_ACCOUNT``, or one made at start)."""
    account: str = request.app.state.account
    return account


async def dialstack_session(request: Request) -> JSONResponse:
    dialstack: AsyncDialStack = request.app.state.dialstack
    session = await dialstack.account_sessions.create(
        account=account_of(request),
        components=COMPONENTS,
    )
    # The components read these three names (or a bare secret); never send your key.
    return JSONResponse(
        {
            "client_secret": session.client_secret,
            "expires_at": session.expires_at.isoformat(),
            "account_id": session.account_id,
        },
        headers={"Cache-Control": "no-store"},
    )


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncGenerator[None]:
    async with AsyncDialStack() as dialstack:  # reads DIALSTACK_API_KEY and DIALSTACK_API_URL
        app.state.dialstack = dialstack
        app.state.account = (
            os.environ.get("DIALSTACK_ACCOUNT")
            or (await dialstack.accounts.create(email="clinic@example.com")).id
        )
        yield


app = Starlette(
    routes=[Route("/api/dialstack-session", dialstack_session, methods=["POST"])],
    lifespan=lifespan,
)


def serve_in_background() -> tuple[uvicorn.Server, str]:
    """The app on a free local port (in production: your web server)."""
    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True).start()
    while not server.started:
        threading.Event().wait(0.01)
    return server, f"http://127.0.0.1:{listener.getsockname()[1]}"


def main() -> None:
    server, backend = serve_in_background()
    try:
        account = app.state.account
        with DialStack() as dialstack:  # a call for the call-logs component to show
            user = dialstack.users.create(name="Front desk", dialstack_account=account)
            dialstack.test_helpers.calls.create(user=user.id, dialstack_account=account)
        # What the components do: fetch a session from your backend, then call the API
        # with its client_secret as the bearer, from your page's origin.
        session = httpx2.post(f"{backend}/api/dialstack-session", trust_env=False).json()
        calls = httpx2.get(
            f"{os.environ['DIALSTACK_API_URL']}/v1/calls",
            params={"limit": 100},
            headers={
                "Authorization": f"Bearer {session['client_secret']}",
                "Origin": "http://localhost:5173",
            },
            trust_env=False,
        )
        calls.raise_for_status()
        print(f"session        for {session['account_id']}, expires {session['expires_at']}")
        print(f"calls          {len(calls.json()['data'])} listed with the session")
        print(f"cors           {calls.headers['access-control-allow-origin']}")
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
