"""``create_app()``: the whole route table in one list; around it, outermost first,
``RequestIds``, ``RequestGuard`` and the ``Gateway``."""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from importlib.resources import files

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from .answers import EXCEPTION_HANDLERS
from .call import Handler
from .control import ControlApi
from .handlers import account_sessions, accounts, users
from .pipeline import Endpoint, Gateway, RequestIds
from .request_guard import RequestGuard
from .runtime import Runtime

OPENAPI_DOCUMENT = files("dialstack.emulator").joinpath("openapi.json").read_bytes()


def create_app(runtime: Runtime) -> ASGIApp:
    control = ControlApi(runtime)

    def api(handler: Handler) -> Endpoint:
        return Endpoint(runtime, handler)

    routes = [
        Route("/v1/accounts", api(accounts.create), methods=["POST"]),
        Route("/v1/accounts", api(accounts.list_accounts), methods=["GET"]),
        Route("/v1/accounts/{account_id}", api(accounts.retrieve), methods=["GET"]),
        Route("/v1/accounts/{account_id}", api(accounts.update), methods=["POST", "PUT"]),
        Route("/v1/accounts/{account_id}", api(accounts.delete), methods=["DELETE"]),
        Route("/v1/users", api(users.create), methods=["POST"]),
        Route("/v1/users", api(users.list_users), methods=["GET"]),
        Route("/v1/users/{user_id}", api(users.retrieve), methods=["GET"]),
        Route("/v1/users/{user_id}", api(users.update), methods=["POST", "PUT"]),
        Route("/v1/users/{user_id}", api(users.delete), methods=["DELETE"]),
        Route("/v1/account_sessions", api(account_sessions.create), methods=["POST"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/_emulator/health", control.health, methods=["GET"]),
        Route("/_emulator/reset", control.reset, methods=["POST"]),
        Route("/_emulator/faults", control.add_fault, methods=["POST"]),
        Route("/_emulator/faults", control.faults, methods=["GET"]),
        Route("/_emulator/faults", control.clear_faults, methods=["DELETE"]),
        Route("/_emulator/requests", control.requests, methods=["GET"]),
    ]

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncGenerator[None, None]:
        runtime.open()
        try:
            yield
        finally:
            runtime.close()

    starlette = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers=EXCEPTION_HANDLERS,
    )
    # A redirect to the slashless path would be built from the request's Host header.
    starlette.router.redirect_slashes = False
    settings = runtime.settings
    guard = RequestGuard(
        Gateway(starlette, runtime), settings.allowed_hosts, settings.allowed_origins
    )
    return RequestIds(guard, runtime.ids)


async def openapi(_request: Request) -> Response:
    return Response(OPENAPI_DOCUMENT, media_type="application/json")
