"""``create_app()``: the emulator composed from the service registry.

Each operation of ``openapi.json`` is served by the handler a service lists under its
operationId (an ``x-dialstack-same-as`` operation by that one's handler), after
``contract.spec`` checked the request against the description. Around the routes, outermost
first: ``RequestIds``, ``RequestGuard``, ``WithOrigin`` and the ``Gateway``, which finds a
``/v1`` request's operation in the ``RouteTable`` (Starlette routes the rest).
"""

from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from .contract.spec import Description, responses_checked
from .control.control_guard import guarded
from .control.routes import common_control_routes
from .core.api_request import Handler
from .core.runtime import Runtime, Settings
from .core.service import Service, StreamHandler
from .edge.access import Access
from .edge.answers import EXCEPTION_HANDLERS
from .edge.event_streams import EventStreamOr
from .edge.gateway import Gateway
from .edge.operation_runner import OperationRunner, checked
from .edge.request_guard import RequestGuard
from .edge.request_ids import RequestIds
from .edge.request_origin import WithOrigin
from .edge.route_table import RouteTable
from .services import discover


def new_runtime(settings: Settings) -> Runtime:
    """A runtime with every service of the registry plugged in."""
    services = discover()
    runtime = Runtime(
        settings,
        schema="".join(service.schema for service in services),
        migrations=[migration for service in services for migration in service.migrations],
        canned_events={
            event_type: build
            for service in services
            for event_type, build in service.canned_events.items()
        },
    )
    for service in services:
        if service.connect is not None:
            service.connect(runtime)
    return runtime


def handlers(services: Sequence[Service]) -> dict[str, Handler]:
    found: dict[str, Handler] = {}
    for service in services:
        for operation_id, handler in service.operations.items():
            if operation_id in found:
                raise RuntimeError(f"two handlers for {operation_id}")
            found[operation_id] = handler
    return found


def stream_handlers(runtime: Runtime, services: Sequence[Service]) -> dict[str, StreamHandler]:
    found: dict[str, StreamHandler] = {}
    for service in services:
        if service.streams is not None:
            found.update(service.streams(runtime))
    return found


def api_routes(
    runtime: Runtime,
    description: Description,
    served: Mapping[str, Handler],
    streams: Mapping[str, StreamHandler],
) -> RouteTable[ASGIApp]:
    check_responses = responses_checked()
    routes: RouteTable[ASGIApp] = RouteTable()
    for operation in description.operations:
        handler = served.get(operation.handler_id)
        if handler is None:
            continue  # described, not emulated yet: tests/test_conformance.py says which
        runner: ASGIApp = OperationRunner(
            runtime,
            checked(description, operation, handler, check_responses),
            operation.form_files,
        )
        stream = streams.get(operation.operation_id)
        if stream is not None:
            runner = EventStreamOr(runtime, runner, stream)
        routes.add(operation.method, operation.path, runner)
    return routes


def service_routes(runtime: Runtime, services: Sequence[Service]) -> list[BaseRoute]:
    """Every control route (guarded: loopback clients only) and every other route the
    services declare."""
    control = common_control_routes(runtime)
    routes: list[BaseRoute] = []
    for service in services:
        if service.control_routes is not None:
            control += service.control_routes(runtime)
        if service.routes is not None:
            routes += service.routes(runtime)
    return [*map(guarded, control), *routes]


def create_app(runtime: Runtime, description: Description | None = None) -> ASGIApp:
    """The app serving ``runtime``, which ``new_runtime`` plugged the registry's services into."""
    description = description or Description()
    services = discover()
    document = description.raw

    async def openapi(_request: Request) -> Response:
        return Response(document, media_type="application/json")

    routes = [Route("/openapi.json", openapi, methods=["GET"]), *service_routes(runtime, services)]

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncGenerator[None, None]:
        runtime.open()
        for start in runtime.on_start:
            await start()
        try:
            yield
        finally:
            for stop in runtime.on_stop:
                await stop()
            runtime.close()

    starlette = Starlette(routes=routes, lifespan=lifespan, exception_handlers=EXCEPTION_HANDLERS)
    # A redirect to the slashless path would be built from the request's Host header.
    starlette.router.redirect_slashes = False
    settings = runtime.settings
    guard = RequestGuard(
        WithOrigin(
            Gateway(
                starlette,
                api_routes(
                    runtime, description, handlers(services), stream_handlers(runtime, services)
                ),
                runtime,
                Access(runtime, description.operations),
            )
        ),
        settings.allowed_hosts,
        settings.allowed_origins,
    )
    return RequestIds(guard, runtime.ids)
