"""``/_emulator/`` routes of the voice apps' webhooks (``api_key`` names the tenant):

- ``GET /_emulator/voice_app_deliveries?api_key=[&voice_app=]``: each ``call.received``
  sent or being sent, oldest first, with its outcome (status code or error).
- ``POST /_emulator/voice_app_deliveries/flush {"api_key", "timeout": 30}``: answer once
  every one of the tenant's deliveries has had its attempt (504 if ``timeout`` runs out).
"""

import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...core.errors import ValidationFailed
from ...core.request_body import json_body
from ...core.runtime import Runtime
from ...core.service import ControlRoute
from ...core.timestamps import iso
from .delivery import CallReceivedDelivery
from .tables import Delivery, VoiceAppTables

_FLUSH_TIMEOUT = 30.0


def control_routes(runtime: Runtime) -> list[ControlRoute]:
    tables = runtime.state(VoiceAppTables)
    delivery = runtime.state(CallReceivedDelivery)

    def tenant_named(request: Request, body: dict[str, Any] | None = None) -> str:
        api_key = (body or {}).get("api_key") or request.query_params.get("api_key")
        if not isinstance(api_key, str):
            raise ValidationFailed("api_key", "api_key is required: whose deliveries?")
        return runtime.authenticator.tenant(f"Bearer {api_key}")

    async def deliveries(request: Request) -> Response:
        found = tables.deliveries(tenant_named(request), request.query_params.get("voice_app"))
        return JSONResponse({"object": "list", "data": [_delivery_json(d) for d in found]})

    async def flush(request: Request) -> Response:
        body = await json_body(request)
        tenant = tenant_named(request, body)
        timeout = body.get("timeout", _FLUSH_TIMEOUT)
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, int | float)
            or not math.isfinite(timeout)
            or not 0 < timeout <= 600
        ):
            raise ValidationFailed("timeout", "timeout must be a number of seconds in (0, 600]")
        if not await delivery.flush(tenant, float(timeout)):
            return JSONResponse(
                {
                    "error": f"Voice app webhooks were still waiting after {timeout:g} s",
                    "code": "flush_timeout",
                    "details": {"pending": tables.count_pending(tenant)},
                },
                status_code=504,
            )
        return JSONResponse({"pending": 0})

    return [
        ControlRoute("GET", "/_emulator/voice_app_deliveries", deliveries),
        ControlRoute("POST", "/_emulator/voice_app_deliveries/flush", flush),
    ]


def _delivery_json(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "voice_app": delivery.voice_app_id,
        "call": delivery.call_id,
        "url": delivery.url,
        "status": delivery.status,
        "status_code": delivery.status_code,
        "error": delivery.error,
        "attempted_at": None
        if delivery.attempted_at is None
        else iso(int(delivery.attempted_at * 1e9)),
    }
