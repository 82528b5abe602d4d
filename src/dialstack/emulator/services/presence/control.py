"""``/_emulator/`` routes of presence: what a phone would do, done by a test.

``POST /_emulator/presence/registrations {"api_key", "account", "user", "registered",
"webrtc_sessions"?}``: the user's phones register (``available``) or go away (``offline``);
``webrtc_sessions`` (0-20) of them are browser sessions. Answers the user's presence.
``POST /_emulator/park_slots {"api_key", "account", "slot", "from_number"?, "from_label"?,
"call"?, "parked_by"?, "park_seconds"?}``: a caller is parked in the free slot (1-999) and
rings back after ``park_seconds`` (1-3600, default 60); 201 with the slot, 409 if occupied.
``DELETE /_emulator/park_slots/{slot}?api_key=&account=``: someone picks the call up (200,
the free slot; 404 if it was free).
``/_emulator/presence/streams``: the park-slot streams' open count, heartbeat and
terminate routes (``core.event_streams.stream_control_routes``).
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...core.errors import Conflict, ResourceMissing, ValidationFailed
from ...core.event_streams import stream_control_routes
from ...core.request_body import json_body
from ...core.runtime import Runtime
from ...core.service import ControlRoute
from ...core.tenancy import tenant_of_key
from .presence import RING_BACK_SECONDS, slot_presence, user_presence
from .streams import ParkSlotStreams
from .tables import ParkedCallRow, PresenceTables, SlotTaken

MAX_SLOT = 999
MAX_WEBRTC_SESSIONS = 20
MAX_PARK_SECONDS = 3600
DEFAULT_PARK_SECONDS = 60
_MAX_TEXT = 255


def control_routes(runtime: Runtime) -> list[ControlRoute]:
    async def register(request: Request) -> Response:
        body = await json_body(request)
        tenant, account_id = _tenant_and_account(runtime, body)
        user_id = _text(body, "user", required=True)
        assert user_id is not None
        registered = body.get("registered")
        if not isinstance(registered, bool):
            raise ValidationFailed("registered", "registered must be true or false")
        sessions = _integer(body, "webrtc_sessions", 0, MAX_WEBRTC_SESSIONS, 0)
        runtime.users.document(tenant, account_id, user_id)
        with runtime.db.transaction():
            runtime.state(PresenceTables).register(
                tenant, account_id, user_id, registered, sessions
            )
        return JSONResponse(user_presence(runtime, tenant, account_id, user_id))

    async def park(request: Request) -> Response:
        body = await json_body(request)
        tenant, account_id = _tenant_and_account(runtime, body)
        slot = _integer(body, "slot", 1, MAX_SLOT, None)
        seconds = _integer(body, "park_seconds", 1, MAX_PARK_SECONDS, DEFAULT_PARK_SECONDS)
        parked_by = _text(body, "parked_by")
        if parked_by is not None:
            runtime.users.document(tenant, account_id, parked_by)
        now = runtime.clock.now(tenant)
        parked = ParkedCallRow(
            slot=slot,
            call_id=_text(body, "call"),
            from_number=_text(body, "from_number") or "+15555550100",
            from_label=_text(body, "from_label") or "WIRELESS CALLER",
            parked_by=parked_by,
            parked_at=now,
            rings_back_at=now + seconds,
        )
        tables = runtime.state(PresenceTables)
        try:
            with runtime.db.transaction():
                tables.free_rung_out(tenant, account_id, now - RING_BACK_SECONDS)
                tables.park(tenant, account_id, parked)
        except SlotTaken as taken:
            raise Conflict("park_slot_occupied", str(taken), {"field": "slot"}) from None
        runtime.state(ParkSlotStreams).changed(tenant, account_id)
        return JSONResponse(slot_presence(slot, parked, now), status_code=201)

    async def pick_up(request: Request) -> Response:
        tenant, account_id = _tenant_and_account(runtime, dict(request.query_params))
        slot = _integer(
            {"slot": _slot_number(request.path_params["slot"])}, "slot", 1, MAX_SLOT, None
        )
        now = runtime.clock.now(tenant)
        tables = runtime.state(PresenceTables)
        with runtime.db.transaction():
            tables.free_rung_out(tenant, account_id, now - RING_BACK_SECONDS)
            picked = tables.free(tenant, account_id, slot)
        if not picked:
            raise ResourceMissing("park_slot", str(slot))
        runtime.state(ParkSlotStreams).changed(tenant, account_id)
        return JSONResponse(slot_presence(slot, None, now))

    return [
        ControlRoute("POST", "/_emulator/presence/registrations", register),
        ControlRoute("POST", "/_emulator/park_slots", park),
        ControlRoute("DELETE", "/_emulator/park_slots/{slot}", pick_up),
        *stream_control_routes("/_emulator/presence/streams", runtime.state(ParkSlotStreams)),
    ]


def _tenant(body: dict[str, Any]) -> str:
    api_key = body.get("api_key")
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key is required: whose account?")
    return tenant_of_key(api_key)


def _tenant_and_account(runtime: Runtime, body: dict[str, Any]) -> tuple[str, str]:
    tenant = _tenant(body)
    account_id = body.get("account")
    if not isinstance(account_id, str) or runtime.accounts.owner_of_account(account_id) != tenant:
        raise ValidationFailed("account", "account must name an account of this api_key")
    return tenant, account_id


def _slot_number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= len(str(MAX_SLOT)) else None


def _integer(body: dict[str, Any], name: str, low: int, high: int, default: int | None) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationFailed(name, f"{name} must be an integer from {low} to {high}")
    return value


def _text(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= _MAX_TEXT:
        raise ValidationFailed(name, f"{name} must be a string of 1 to {_MAX_TEXT} characters")
    return value
