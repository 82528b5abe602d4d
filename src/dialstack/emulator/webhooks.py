"""Webhooks in the emulator: the event log, fan-out to endpoints, delivery, control routes.

``Webhooks.record_event`` is the event sink: every event (a simulated call's, a canned one
from ``POST /v1/test_helpers/events``) goes through it into the log and, in the same
transaction, into one pending delivery per matching endpoint: same mode, enabled, the
platform's endpoints plus the account's own, ``enabled_events`` naming the type or ``*``.
``DeliveryWorker`` then makes the deliveries.

Control routes (loopback only, like the other ``/_emulator/`` ones; ``api_key`` names the
tenant, none means every tenant):

- ``GET /_emulator/events[?type=]``: the event log, oldest first.
- ``GET /_emulator/webhook_deliveries[?event=&endpoint=&status=]``: deliveries and their
  attempts (status code, duration, error).
- ``POST /_emulator/webhook_deliveries/flush {"retries": false, "timeout": 30}``: answer
  once every delivery due so far has been attempted (504 if ``timeout`` runs out).
- ``POST /_emulator/webhook_deliveries/{id}/retry``: replay one delivery (one more attempt,
  same event id and body), now.
"""

import math
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .control_guard import json_body, loopback_only
from .delivery import DeliveryWorker, Now, real_time
from .errors import ValidationFailed
from .events import envelope, with_flat_call_keys
from .timestamps import iso
from .webhooks_store import Delivery, WebhookTables

if TYPE_CHECKING:
    from .runtime import Runtime

_FLUSH_TIMEOUT = 30.0


class Webhooks:
    """One emulator's webhooks: its event sink and its delivery worker."""

    def __init__(self, runtime: "Runtime", now: Now = real_time) -> None:
        self._runtime = runtime
        self.delivery = DeliveryWorker(lambda: self.tables, now)

    @property
    def tables(self) -> WebhookTables:
        return self._runtime.store.webhooks

    def tenant_of(self, api_key: str) -> str:
        """The tenant of a key, as the API's authentication finds it."""
        return self._runtime.authenticator.tenant(f"Bearer {api_key}")

    @property
    def now(self) -> Now:
        return self.delivery.now

    async def start(self) -> None:
        """After the store opens: never reuse a stored id, then deliver what is pending."""
        for newest in self.tables.newest_ids():
            self._runtime.ids.advance_past(newest)
        await self.delivery.start()

    async def stop(self) -> None:
        await self.delivery.stop()

    def record_event(
        self, tenant: str, account_id: str | None, event_type: str, data_object: dict[str, Any]
    ) -> str:
        """Log an event and queue its deliveries; returns the event id.

        Inside a handler's transaction this commits with the handler's writes; outside one
        it is a transaction of its own. Call it on the server's event loop.
        """
        runtime = self._runtime
        tables = self.tables
        now = self.now(tenant)
        event_id = runtime.ids.new("evt")
        data = with_flat_call_keys(event_type, data_object)
        body = envelope(event_id, event_type, account_id, iso(int(now * 1e9)), data)
        with tables.atomic():
            tables.insert_event(tenant, event_id, account_id, event_type, body)
            for endpoint in tables.subscribers(tenant, account_id, livemode=False):
                if endpoint.wants(event_type):
                    delivery_id = runtime.ids.new("whdel")
                    tables.insert_delivery(tenant, delivery_id, event_id, endpoint.id, now)
        self.delivery.wake()
        return event_id


# Control routes


async def _events(request: Request) -> Response:
    webhooks = _webhooks(request)
    bodies = webhooks.tables.events(_tenant(request), request.query_params.get("type"))
    return _json_list(f"[{','.join(bodies)}]")


async def _deliveries(request: Request) -> Response:
    webhooks = _webhooks(request)
    filters = {
        name: request.query_params[name]
        for name in ("event", "endpoint", "status")
        if name in request.query_params
    }
    found = webhooks.tables.deliveries(_tenant(request), filters)
    return JSONResponse({"object": "list", "data": [_delivery_json(d) for d in found]})


async def _flush(request: Request) -> Response:
    webhooks = _webhooks(request)
    body = await json_body(request)
    tenant = _tenant(request, body)
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


async def _retry(request: Request) -> Response:
    webhooks = _webhooks(request)
    delivery_id = request.path_params["delivery_id"]
    tenant = _tenant(request, await json_body(request))
    webhooks.tables.replay(tenant, delivery_id, webhooks.now(tenant))
    webhooks.delivery.wake()
    (found,) = webhooks.tables.deliveries(tenant, {}, delivery_id)
    return JSONResponse(_delivery_json(found), status_code=202)


CONTROL_ROUTES = [
    Route("/_emulator/events", loopback_only(_events), methods=["GET"]),
    Route("/_emulator/webhook_deliveries", loopback_only(_deliveries), methods=["GET"]),
    Route("/_emulator/webhook_deliveries/flush", loopback_only(_flush), methods=["POST"]),
    Route(
        "/_emulator/webhook_deliveries/{delivery_id}/retry",
        loopback_only(_retry),
        methods=["POST"],
    ),
]


def _webhooks(request: Request) -> Webhooks:
    runtime: Runtime = request.app.state.runtime
    return runtime.webhooks


def _tenant(request: Request, body: dict[str, Any] | None = None) -> str | None:
    """The tenant ``api_key`` names (body first, then query), or None for every tenant."""
    api_key = (body or {}).get("api_key") or request.query_params.get("api_key")
    if api_key is None:
        return None
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key must be a string")
    return _webhooks(request).tenant_of(api_key)


def _json_list(data: str) -> Response:
    return Response(f'{{"object":"list","data":{data}}}', media_type="application/json")


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
