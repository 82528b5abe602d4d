"""``create_app()``: the API routes come from the description; around them, outermost
first, ``RequestIds``, ``RequestGuard`` and the ``Gateway``.

Each operation of ``openapi.json`` is served by the handler its module lists under the
operationId in ``OPERATIONS`` (an ``x-dialstack-same-as`` operation by that one's handler),
after ``spec`` checked the request against the description.
"""

import dataclasses
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from . import errors, media, simulator_control, webhooks
from .answers import EXCEPTION_HANDLERS
from .api_request import Answer, ApiRequest, Handler, missing_account_header, to_json
from .control import ControlApi
from .errors import EmulatorError
from .handlers import (
    account_sessions,
    accounts,
    calls,
    phone_numbers,
    test_helpers_calls,
    test_helpers_events,
    users,
    voicemails,
    webhook_endpoints,
)
from .pipeline import Endpoint, Gateway, RequestIds
from .request_guard import RequestGuard
from .runtime import Runtime
from .spec import Description, Operation, responses_checked

HANDLER_MODULES = (
    accounts,
    users,
    account_sessions,
    calls,
    voicemails,
    phone_numbers,
    test_helpers_calls,
    webhook_endpoints,
    test_helpers_events,
)
"""Every module whose ``OPERATIONS`` serve the API (one line per resource module)."""


def handlers() -> dict[str, Handler]:
    found: dict[str, Handler] = {}
    for module in HANDLER_MODULES:
        for operation_id, handler in module.OPERATIONS.items():
            if operation_id in found:
                raise RuntimeError(f"two handlers for {operation_id}")
            found[operation_id] = handler
    return found


def checked(
    description: Description, operation: Operation, handler: Handler, check_responses: bool
) -> Handler:
    """``handler`` behind the description's checks of the request (and, in the test suite,
    of its answer)."""

    async def run(call: ApiRequest) -> Answer:
        if operation.account == "required" and call.account_header is None:
            raise missing_account_header()
        params = description.check_request(
            operation, call.path_params, call.query_string, call.body
        )
        if params:
            call = dataclasses.replace(call, params=params)
        if not check_responses:
            return await handler(call)
        try:
            answer = await handler(call)
        except EmulatorError as error:
            body = to_json(errors.body_of(error))
            description.check_response(operation, errors.status_of(error), body)
            raise
        description.check_response(operation, *answer)
        return answer

    return run


def api_routes(runtime: Runtime, description: Description) -> list[BaseRoute]:
    served = handlers()
    check_responses = responses_checked()
    routes: list[BaseRoute] = []
    for operation in description.operations:
        handler = served.get(operation.handler_id)
        if handler is None:
            continue  # described, not emulated yet: tests/test_conformance.py says which
        endpoint = Endpoint(runtime, checked(description, operation, handler, check_responses))
        routes.append(Route(operation.path, endpoint, methods=[operation.method]))
    return routes


def create_app(runtime: Runtime, description: Description | None = None) -> ASGIApp:
    description = description or Description()
    control = ControlApi(runtime)
    document = description.raw

    async def openapi(_request: Request) -> Response:
        return Response(document, media_type="application/json")

    routes = [
        *api_routes(runtime, description),
        Route("/openapi.json", openapi, methods=["GET"]),
        *control.routes(),
        *simulator_control.routes(runtime),
        *media.routes(runtime),
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
        routes=routes,
        lifespan=lifespan,
        exception_handlers=EXCEPTION_HANDLERS,
    )
    starlette.state.runtime = runtime
    # A redirect to the slashless path would be built from the request's Host header.
    starlette.router.redirect_slashes = False
    settings = runtime.settings
    guard = RequestGuard(
        media.WithOrigin(Gateway(starlette, runtime)),
        settings.allowed_hosts,
        settings.allowed_origins,
    )
    return RequestIds(guard, runtime.ids)
