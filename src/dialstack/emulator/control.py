"""``/_emulator/`` endpoints: health, reset, fault rules and the request log.

They live outside the API key namespace: a tenant is named by the ``api_key`` JSON field or
query parameter (turned into its tenant at once, never kept); without it, reset, listing
and clearing apply to every tenant. Only loopback clients may use them (moto's
``/moto-api/`` is open; ours can delete data, so a server bound to another interface keeps
them local).
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .auth import tenant_of
from .control_guard import json_body, loopback_only
from .errors import ValidationFailed
from .runtime import Runtime


class ControlApi:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def routes(self) -> list[Route]:
        return [
            Route("/_emulator/health", loopback_only(self.health), methods=["GET"]),
            Route("/_emulator/reset", loopback_only(self.reset), methods=["POST"]),
            Route("/_emulator/faults", loopback_only(self.add_fault), methods=["POST"]),
            Route("/_emulator/faults", loopback_only(self.faults), methods=["GET"]),
            Route("/_emulator/faults", loopback_only(self.clear_faults), methods=["DELETE"]),
            Route("/_emulator/requests", loopback_only(self.requests), methods=["GET"]),
        ]

    async def health(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def reset(self, request: Request) -> Response:
        tenant = _tenant(await json_body(request), request)
        runtime = self._runtime
        runtime.store.reset(tenant)
        runtime.store.webhooks.reset(tenant)
        runtime.faults.clear(tenant)
        runtime.log.clear(tenant)
        return JSONResponse({"reset": "all" if tenant is None else "api_key"})

    async def add_fault(self, request: Request) -> Response:
        spec = await json_body(request)
        tenant = _tenant(spec, request)
        if tenant is None:
            if self._runtime.settings.api_key is None:
                raise ValidationFailed("api_key", "api_key is required: whose requests fail?")
            tenant = tenant_of(self._runtime.settings.api_key)
        rule = self._runtime.faults.add(tenant, spec)
        return JSONResponse(rule.as_json(), status_code=201)

    async def faults(self, request: Request) -> Response:
        rules = self._runtime.faults.remaining(_tenant({}, request))
        return JSONResponse({"object": "list", "data": [rule.as_json() for rule in rules]})

    async def clear_faults(self, request: Request) -> Response:
        self._runtime.faults.clear(_tenant({}, request))
        return Response(status_code=204)

    async def requests(self, request: Request) -> Response:
        entries = self._runtime.log.entries(_tenant({}, request))
        return JSONResponse({"object": "list", "data": entries})


def _tenant(body: dict[str, Any], request: Request) -> str | None:
    """The tenant named by ``api_key`` (body first, then query), or None for all."""
    api_key = body.pop("api_key", None) or request.query_params.get("api_key")
    if api_key is None:
        return None
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key must be a string")
    return tenant_of(api_key)
