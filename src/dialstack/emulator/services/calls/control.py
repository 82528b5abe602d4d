"""``/_emulator/`` routes of the calls: a tenant's clock, and phone numbers on demand.

``GET /_emulator/clock?api_key=...``: ``{"mode": "real" | "stepped", "now": <Unix s>}``.
``POST /_emulator/clock {"api_key", "mode"?, "advance_seconds"?}``: switch the tenant's time
(``stepped`` freezes it; ``real`` finishes every simulated call still running and goes back
to real time, from no earlier than the stepped time) and move a stepped clock forward (not
past 9999-01-01: a 400), running the simulated steps that come due.
``POST /_emulator/phone_numbers {"api_key", "account", "phone_number"?, "status"?}``: give an
account a number (201, the phone number object).
``GET /_emulator/media_streams?api_key=...&call=...``: ``{"data": [...]}``, the tenant's
WebSocket streams (a listener's, an ``attach``'s; ``call`` narrows them to one call's), each
with its state and how many frames went each way. Loopback clients only, like the others.
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...core.clock import TooLate
from ...core.errors import ValidationFailed
from ...core.request_body import json_body
from ...core.runtime import Runtime
from ...core.service import ControlRoute
from ...core.tenancy import tenant_of_key
from . import simulator
from .media_sockets import MediaSockets
from .tables import CallTables

_MODES = ("real", "stepped")
_MAX_ADVANCE = 366 * 24 * 60 * 60  # s a step: time stays where timestamps can be written
_STATUSES = ("active", "inactive", "pending", "released")


def control_routes(runtime: Runtime) -> list[ControlRoute]:
    async def clock_state(request: Request) -> Response:
        return _clock_answer(runtime, _tenant(dict(request.query_params)))

    async def set_clock(request: Request) -> Response:
        body = await json_body(request)
        tenant = _tenant(body)
        mode = body.get("mode")
        seconds = body.get("advance_seconds", 0)
        if mode is not None and mode not in _MODES:
            raise ValidationFailed("mode", "mode must be 'real' or 'stepped'")
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 <= seconds <= _MAX_ADVANCE
        ):
            raise ValidationFailed(
                "advance_seconds", f"advance_seconds must be a number from 0 to {_MAX_ADVANCE}"
            )
        clock = runtime.clock
        if mode == "stepped":
            clock.step(tenant)
        if seconds and not clock.is_stepped(tenant):
            raise ValidationFailed("advance_seconds", "Only a stepped clock can be advanced")
        try:
            clock.advance(seconds, tenant)
        except TooLate as error:
            raise ValidationFailed("advance_seconds", str(error)) from None
        with runtime.db.transaction():
            simulator.run_due(runtime, tenant, float("inf") if mode == "real" else None)
        if mode == "real":
            clock.release(tenant)
        for wake in runtime.on_clock_moved:  # what the step made due happens now
            wake()
        return _clock_answer(runtime, tenant)

    async def add_phone_number(request: Request) -> Response:
        body = await json_body(request)
        tenant = _tenant(body)
        account_id = body.get("account")
        e164 = body.get("phone_number")
        status = body.get("status", "active")
        if (
            not isinstance(account_id, str)
            or runtime.accounts.owner_of_account(account_id) != tenant
        ):
            raise ValidationFailed("account", "account must name an account of this api_key")
        if e164 is not None and not (isinstance(e164, str) and e164.startswith("+")):
            raise ValidationFailed("phone_number", "phone_number must be E.164 (+...)")
        if status not in _STATUSES:
            raise ValidationFailed("status", f"status must be one of {', '.join(_STATUSES)}")
        with runtime.db.transaction():
            existing = len(runtime.state(CallTables).phone_numbers(tenant, account_id))
            number = simulator.add_phone_number(
                runtime, tenant, account_id, e164=e164, status=status, existing=existing
            )
        return JSONResponse(number, status_code=201)

    async def media_streams(request: Request) -> Response:
        query = dict(request.query_params)
        shown = runtime.state(MediaSockets).shown(_tenant(query), query.get("call"))
        return JSONResponse({"data": shown})

    return [
        ControlRoute("GET", "/_emulator/media_streams", media_streams),
        ControlRoute("GET", "/_emulator/clock", clock_state),
        ControlRoute("POST", "/_emulator/clock", set_clock),
        ControlRoute("POST", "/_emulator/phone_numbers", add_phone_number),
    ]


def _clock_answer(runtime: Runtime, tenant: str) -> Response:
    mode = "stepped" if runtime.clock.is_stepped(tenant) else "real"
    return JSONResponse({"mode": mode, "now": runtime.clock.now(tenant)})


def _tenant(body: dict[str, Any]) -> str:
    api_key = body.get("api_key")
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key is required: whose clock or account?")
    return tenant_of_key(api_key)
