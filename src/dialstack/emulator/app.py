"""``create_app()``: the whole route table in one list, around it the ``Gateway``."""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from importlib.resources import files

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from . import errors, webhooks
from .call import Handler
from .control import ControlApi
from .errors import EmulatorError, MethodNotAllowed, RouteMissing
from .handlers import account_sessions, accounts, test_helpers_events, users, webhook_endpoints
from .pipeline import Endpoint, Gateway
from .runtime import Runtime

OPENAPI_DOCUMENT = files("dialstack.emulator").joinpath("openapi.json").read_bytes()


def create_app(runtime: Runtime) -> ASGIApp:
    control = ControlApi(runtime)

    def api(handler: Handler) -> Endpoint:
        return Endpoint(runtime, handler)

    hooks = webhook_endpoints.OPERATIONS | test_helpers_events.OPERATIONS
    endpoint = "/v1/webhook_endpoints/{webhook_endpoint_id}"

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
        # Webhooks (track E), wired here until the route table comes from the description.
        Route("/v1/webhook_endpoints", api(hooks["webhook_endpoints.create"]), methods=["POST"]),
        Route("/v1/webhook_endpoints", api(hooks["webhook_endpoints.list"]), methods=["GET"]),
        Route(endpoint, api(hooks["webhook_endpoints.retrieve"]), methods=["GET"]),
        Route(endpoint, api(hooks["webhook_endpoints.update"]), methods=["POST"]),
        Route(endpoint, api(hooks["webhook_endpoints.delete"]), methods=["DELETE"]),
        Route(
            "/v1/test_helpers/events", api(hooks["test_helpers.events.create"]), methods=["POST"]
        ),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/_emulator/health", control.health, methods=["GET"]),
        Route("/_emulator/reset", control.reset, methods=["POST"]),
        Route("/_emulator/faults", control.add_fault, methods=["POST"]),
        Route("/_emulator/faults", control.faults, methods=["GET"]),
        Route("/_emulator/faults", control.clear_faults, methods=["DELETE"]),
        Route("/_emulator/requests", control.requests, methods=["GET"]),
        *webhooks.CONTROL_ROUTES,
    ]

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncGenerator[None, None]:
        runtime.open()
        await runtime.webhooks.start()
        try:
            yield
        finally:
            await runtime.webhooks.stop()
            runtime.close()

    starlette = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error}
    )
    starlette.state.runtime = runtime
    return Gateway(starlette, runtime)


async def openapi(_request: Request) -> Response:
    return Response(OPENAPI_DOCUMENT, media_type="application/json")


async def http_error(request: Request, exc: Exception) -> Response:
    """Routing errors (no such path, wrong method) in the API's error shape."""
    assert isinstance(exc, HTTPException)
    error: EmulatorError
    if exc.status_code == 405:
        error = MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}")
    else:
        error = RouteMissing(f"Unrecognized request URL: {request.method} {request.url.path}")
    return JSONResponse(errors.body_of(error), errors.status_of(error), headers=exc.headers)
