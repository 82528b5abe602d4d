"""``/_emulator/`` routes every emulator has: health, reset, fault rules and the request log.

They live outside the API key namespace: a tenant is named by the ``api_key`` JSON field or
query parameter (turned into its tenant at once, never kept); without it, reset, listing
and clearing apply to every tenant. Only loopback clients may use them (moto's
``/moto-api/`` is open; ours can delete data, so a server bound to another interface keeps
them local). The services declare their own (the clock, webhook deliveries).
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..core.errors import ValidationFailed
from ..core.request_body import json_body
from ..core.runtime import Runtime
from ..core.service import ControlRoute
from ..core.tenancy import tenant_of_key


def common_control_routes(runtime: Runtime) -> list[ControlRoute]:
    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def reset(request: Request) -> Response:
        tenant = _tenant(await json_body(request), request)
        runtime.reset(tenant)
        return JSONResponse({"reset": "all" if tenant is None else "api_key"})

    async def add_fault(request: Request) -> Response:
        spec = await json_body(request)
        tenant = _tenant(spec, request)
        if tenant is None:
            if runtime.settings.api_key is None:
                raise ValidationFailed("api_key", "api_key is required: whose requests fail?")
            tenant = tenant_of_key(runtime.settings.api_key)
        rule = runtime.faults.add(tenant, spec)
        return JSONResponse(rule.as_json(), status_code=201)

    async def faults(request: Request) -> Response:
        rules = runtime.faults.remaining(_tenant({}, request))
        return JSONResponse({"object": "list", "data": [rule.as_json() for rule in rules]})

    async def clear_faults(request: Request) -> Response:
        runtime.faults.clear(_tenant({}, request))
        return Response(status_code=204)

    async def requests(request: Request) -> Response:
        entries = runtime.log.entries(_tenant({}, request))
        return JSONResponse({"object": "list", "data": entries})

    return [
        ControlRoute("GET", "/_emulator/health", health),
        ControlRoute("POST", "/_emulator/reset", reset),
        ControlRoute("POST", "/_emulator/faults", add_fault),
        ControlRoute("GET", "/_emulator/faults", faults),
        ControlRoute("DELETE", "/_emulator/faults", clear_faults),
        ControlRoute("GET", "/_emulator/requests", requests),
    ]


def _tenant(body: dict[str, Any], request: Request) -> str | None:
    """The tenant named by ``api_key`` (body first, then query), or None for all."""
    api_key = body.pop("api_key", None) or request.query_params.get("api_key")
    if api_key is None:
        return None
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key must be a string")
    return tenant_of_key(api_key)
