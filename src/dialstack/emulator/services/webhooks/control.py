"""``/_emulator/`` routes of the webhooks (``api_key`` names the tenant, none means every
tenant):

- ``GET /_emulator/events[?type=&limit=&starting_after=]``: the event log, oldest first,
  ``limit`` (default ``EVENTS_PAGE``) at a time; ``has_more`` says whether to ask again with
  ``starting_after`` = the last event's id.
- ``GET /_emulator/webhook_deliveries[?event=&endpoint=&status=]``: deliveries and their
  attempts (status code, duration, error).
- ``POST /_emulator/webhook_deliveries/flush {"retries": false, "timeout": 30}``: answer
  once every delivery due so far has been attempted (504 if ``timeout`` runs out).
- ``POST /_emulator/webhook_deliveries/{id}/retry``: replay one delivery (one more attempt,
  same event id and body), now.
"""

import math
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...core.errors import ValidationFailed
from ...core.request_body import json_body
from ...core.runtime import Runtime
from ...core.service import ControlRoute
from ...core.timestamps import iso
from .events import EVENTS_KEPT, Webhooks
from .tables import Delivery

_FLUSH_TIMEOUT = 30.0
EVENTS_PAGE = 1_000
"""Events per page unless ``limit`` says: a small log comes in one answer, as it always did."""


def control_routes(runtime: Runtime) -> list[ControlRoute]:
    webhooks = runtime.state(Webhooks)

    def tenant_named(request: Request, body: dict[str, Any] | None = None) -> str | None:
        """The tenant ``api_key`` names (body first, then query), or None for every tenant;
        checked as the API's authentication checks a key."""
        api_key = (body or {}).get("api_key") or request.query_params.get("api_key")
        if api_key is None:
            return None
        if not isinstance(api_key, str):
            raise ValidationFailed("api_key", "api_key must be a string")
        return runtime.authenticator.tenant(f"Bearer {api_key}")

    async def events(request: Request) -> Response:
        query = request.query_params
        bodies, more = webhooks.tables.events(
            tenant_named(request), query.get("type"), query.get("starting_after"), _limit(query)
        )
        return Response(
            f'{{"object":"list","has_more":{"true" if more else "false"},'
            f'"data":[{",".join(bodies)}]}}',
            media_type="application/json",
        )

    async def deliveries(request: Request) -> Response:
        filters = {
            name: request.query_params[name]
            for name in ("event", "endpoint", "status")
            if name in request.query_params
        }
        found = webhooks.tables.deliveries(tenant_named(request), filters)
        return JSONResponse({"object": "list", "data": [_delivery_json(d) for d in found]})

    async def flush(request: Request) -> Response:
        body = await json_body(request)
        tenant = tenant_named(request, body)
        retries = body.get("retries", False)
        if not isinstance(retries, bool):
            raise ValidationFailed("retries", "retries must be a boolean")
        timeout = body.get("timeout", _FLUSH_TIMEOUT)
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, int | float)
            or not math.isfinite(timeout)
            or not 0 < timeout <= 600
        ):
            raise ValidationFailed("timeout", "timeout must be a number of seconds in (0, 600]")
        done = await webhooks.delivery.flush(tenant, retries, float(timeout))
        counts = webhooks.tables.counts(tenant)
        if not done:
            return JSONResponse(
                {
                    "error": f"Deliveries were still due after {timeout:g} s",
                    "code": "flush_timeout",
                    "details": counts,
                },
                status_code=504,
            )
        return JSONResponse(counts)

    async def retry(request: Request) -> Response:
        delivery_id = request.path_params["delivery_id"]
        tenant = tenant_named(request, await json_body(request))
        webhooks.tables.replay(tenant, delivery_id, webhooks.delivery.now(tenant))
        webhooks.delivery.wake()
        (found,) = webhooks.tables.deliveries(tenant, {}, delivery_id)
        return JSONResponse(_delivery_json(found), status_code=202)

    return [
        ControlRoute("GET", "/_emulator/events", events),
        ControlRoute("GET", "/_emulator/webhook_deliveries", deliveries),
        ControlRoute("POST", "/_emulator/webhook_deliveries/flush", flush),
        ControlRoute("POST", "/_emulator/webhook_deliveries/{delivery_id}/retry", retry),
    ]


def _limit(query: Mapping[str, str]) -> int:
    raw = query.get("limit", str(EVENTS_PAGE))
    if not raw.isdigit() or not 1 <= int(raw) <= EVENTS_KEPT:
        raise ValidationFailed("limit", f"limit must be an integer in 1..{EVENTS_KEPT}")
    return int(raw)


def _delivery_json(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "event": delivery.event_id,
        "event_type": delivery.event_type,
        "endpoint": delivery.endpoint_id,
        "status": delivery.status,
        "next_attempt_at": _iso(delivery.next_attempt_at),
        "attempts": [
            {
                "number": attempt.number,
                "started_at": _iso(attempt.started_at),
                "duration": round(attempt.duration, 6),
                "status_code": attempt.status_code,
                "error": attempt.error,
            }
            for attempt in delivery.attempts
        ],
    }


def _iso(seconds: float | None) -> str | None:
    return None if seconds is None else iso(int(seconds * 1e9))
