"""``/_emulator/`` endpoints: health, reset, fault rules and the request log.

They live outside the API key namespace: a tenant is named by the ``api_key`` JSON field or
query parameter (turned into its tenant at once, never kept); without it, reset, listing
and clearing apply to every tenant. Only loopback clients may use them (moto's
``/moto-api/`` is open; ours can delete data, so a server bound to another interface keeps
them local).
"""

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .._loopback import is_loopback
from .auth import tenant_of
from .errors import Forbidden, ValidationFailed
from .request_body import parse_json_object, read_body
from .runtime import Runtime

ControlHandler = Callable[[Request], Awaitable[Response]]


class ControlApi:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def health(self, request: Request) -> Response:
        return await self._guarded(request, self._health)

    async def reset(self, request: Request) -> Response:
        return await self._guarded(request, self._reset)

    async def add_fault(self, request: Request) -> Response:
        return await self._guarded(request, self._add_fault)

    async def faults(self, request: Request) -> Response:
        return await self._guarded(request, self._faults)

    async def clear_faults(self, request: Request) -> Response:
        return await self._guarded(request, self._clear_faults)

    async def requests(self, request: Request) -> Response:
        return await self._guarded(request, self._requests)

    async def _health(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def _reset(self, request: Request) -> Response:
        tenant = _tenant(await _json_body(request), request)
        runtime = self._runtime
        runtime.store.reset(tenant)
        runtime.store.webhooks.reset(tenant)
        runtime.faults.clear(tenant)
        runtime.log.clear(tenant)
        return JSONResponse({"reset": "all" if tenant is None else "api_key"})

    async def _add_fault(self, request: Request) -> Response:
        spec = await _json_body(request)
        tenant = _tenant(spec, request)
        if tenant is None:
            if self._runtime.settings.api_key is None:
                raise ValidationFailed("api_key", "api_key is required: whose requests fail?")
            tenant = tenant_of(self._runtime.settings.api_key)
        rule = self._runtime.faults.add(tenant, spec)
        return JSONResponse(rule.as_json(), status_code=201)

    async def _faults(self, request: Request) -> Response:
        rules = self._runtime.faults.remaining(_tenant({}, request))
        return JSONResponse({"object": "list", "data": [rule.as_json() for rule in rules]})

    async def _clear_faults(self, request: Request) -> Response:
        self._runtime.faults.clear(_tenant({}, request))
        return Response(status_code=204)

    async def _requests(self, request: Request) -> Response:
        entries = self._runtime.log.entries(_tenant({}, request))
        return JSONResponse({"object": "list", "data": entries})

    async def _guarded(self, request: Request, handler: ControlHandler) -> Response:
        """Errors raised here are answered by ``answers.EXCEPTION_HANDLERS``."""
        # The peer address of the socket: uvicorn runs with proxy headers off, so no
        # X-Forwarded-For can make a remote client look local.
        client = request.client
        if client is None or not is_loopback(client.host):
            raise Forbidden("The /_emulator/ endpoints answer loopback clients only")
        return await handler(request)


async def _json_body(request: Request) -> dict[str, Any]:
    return parse_json_object(await read_body(request.receive))


def _tenant(body: dict[str, Any], request: Request) -> str | None:
    """The tenant named by ``api_key`` (body first, then query), or None for all."""
    api_key = body.pop("api_key", None) or request.query_params.get("api_key")
    if api_key is None:
        return None
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key must be a string")
    return tenant_of(api_key)
