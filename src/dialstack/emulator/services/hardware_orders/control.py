"""``/_emulator/`` routes of hardware orders (loopback clients only, like the others).

``GET /_emulator/hardware_catalog``: the catalog fixture, ``{"object": "list", "data": [...]}``.
``POST /_emulator/hardware_orders/{order_id} {"api_key", "status", "rejection_reason"?}``: the
vendor's review: ``submitted`` -> ``approved`` | ``rejected`` | ``cancelled``, ``approved`` ->
``fulfilled`` (each unit becomes a device, with its user and location) | ``cancelled``; any
other step is a 409 ``invalid_transition``. Answers the order.
"""

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...core.errors import ValidationFailed
from ...core.request_body import json_body
from ...core.runtime import Runtime
from ...core.service import ControlRoute
from ...core.tenancy import tenant_of_key
from . import orders
from .catalog import CATALOG

_STEPS = sorted({step for steps in orders.REVIEW_STEPS.values() for step in steps})
_MAX_REASON = 500


def control_routes(runtime: Runtime) -> list[ControlRoute]:
    async def catalog(_request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [item.wire() for item in CATALOG]})

    async def review(request: Request) -> Response:
        body = await json_body(request)
        api_key = body.get("api_key")
        if not isinstance(api_key, str):
            raise ValidationFailed("api_key", "api_key is required: whose order?")
        status = body.get("status")
        if status not in _STEPS:
            raise ValidationFailed("status", f"status must be one of {', '.join(_STEPS)}")
        reason = body.get("rejection_reason")
        if reason is not None and not (isinstance(reason, str) and len(reason) <= _MAX_REASON):
            raise ValidationFailed(
                "rejection_reason", f"rejection_reason must be text of at most {_MAX_REASON}"
            )
        order_id = request.path_params["order_id"]
        with runtime.db.transaction():
            document = orders.review(runtime, tenant_of_key(api_key), order_id, status, reason)
        return Response(document, media_type="application/json")

    return [
        ControlRoute("GET", "/_emulator/hardware_catalog", catalog),
        ControlRoute("POST", "/_emulator/hardware_orders/{order_id}", review),
    ]
