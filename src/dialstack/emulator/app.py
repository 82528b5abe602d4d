"""``create_app()``: the whole route table in one list, around it the ``Gateway``."""

from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from importlib.resources import files

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from . import errors, media, simulator_control
from .call import Handler
from .control import ControlApi
from .errors import EmulatorError, MethodNotAllowed, RouteMissing
from .handlers import (
    account_sessions,
    accounts,
    calls,
    phone_numbers,
    test_helpers_calls,
    users,
    voicemails,
)
from .pipeline import Endpoint, Gateway
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
        # Issue 9 (track F), until the route table is generated from the description:
        *_round_one(api),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/_emulator/health", control.health, methods=["GET"]),
        Route("/_emulator/reset", control.reset, methods=["POST"]),
        Route("/_emulator/faults", control.add_fault, methods=["POST"]),
        Route("/_emulator/faults", control.faults, methods=["GET"]),
        Route("/_emulator/faults", control.clear_faults, methods=["DELETE"]),
        Route("/_emulator/requests", control.requests, methods=["GET"]),
        *simulator_control.routes(runtime),
        *media.routes(runtime),
    ]

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncGenerator[None, None]:
        runtime.open()
        try:
            yield
        finally:
            runtime.close()

    starlette = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error}
    )
    return media.WithOrigin(Gateway(starlette, runtime))


def _round_one(api: Callable[[Handler], Endpoint]) -> list[Route]:
    operations = {
        **calls.OPERATIONS,
        **voicemails.OPERATIONS,
        **phone_numbers.OPERATIONS,
        **test_helpers_calls.OPERATIONS,
    }
    table = (
        ("/v1/calls", "GET", "calls.list"),
        ("/v1/calls/{call_id}", "GET", "calls.retrieve"),
        ("/v1/calls/{call_id}/transcript", "GET", "calls.retrieve_transcript"),
        ("/v1/calls/{call_id}/recording", "GET", "calls.retrieve_recording"),
        ("/v1/voicemails", "GET", "voicemails.list"),
        ("/v1/voicemails/{voicemail_id}", "GET", "voicemails.retrieve"),
        ("/v1/voicemails/{voicemail_id}", "POST", "voicemails.update"),
        ("/v1/voicemails/{voicemail_id}", "DELETE", "voicemails.delete"),
        ("/v1/voicemails/{voicemail_id}/transcript", "GET", "voicemails.retrieve_transcript"),
        ("/v1/phone-numbers", "GET", "phone_numbers.list"),
        ("/v1/test_helpers/calls", "POST", "test_helpers.calls.create"),
    )
    return [Route(path, api(operations[name]), methods=[method]) for path, method, name in table]


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
