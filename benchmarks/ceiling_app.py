"""The emulator's ceiling: a bare Starlette app on uvicorn, configured as the emulator's
server is (h11, asyncio, no access log), answering the same JSON with no storage, auth or
bookkeeping. ``python -m benchmarks.ceiling_app`` prints ``listening on URL``."""

import argparse
import socket

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .fixtures import ACCOUNT_JSON, account, list_json

_LIST_JSON = list_json([account() for _ in range(10)], None)


def _json(body: bytes, status: int = 200) -> Response:
    return Response(body, status, media_type="application/json")


async def create(request: Request) -> Response:
    await request.body()  # the emulator reads and parses the body; read it at least
    return _json(ACCOUNT_JSON, 201)


async def retrieve(_request: Request) -> Response:
    return _json(ACCOUNT_JSON)


async def list_accounts(_request: Request) -> Response:
    return _json(_LIST_JSON)


async def health(_request: Request) -> Response:
    return _json(b'{"status":"ok"}')


def app() -> Starlette:
    return Starlette(
        routes=[
            Route("/v1/accounts", create, methods=["POST"]),
            Route("/v1/accounts", list_accounts, methods=["GET"]),
            Route("/v1/accounts/{account_id}", retrieve, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ceiling_app")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    listener = socket.create_server(("127.0.0.1", options.port))
    # Accepted sockets inherit this (Linux); without it Nagle's algorithm holds the body
    # back behind the headers' delayed ACK (40 ms a request): asyncio only sets it itself
    # when the socket's proto is IPPROTO_TCP, which create_server's sockets do not say.
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    print(f"listening on http://127.0.0.1:{listener.getsockname()[1]}", flush=True)
    config = uvicorn.Config(
        app(), http="h11", loop="asyncio", log_config=None, log_level="warning", access_log=False
    )
    uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    main()
