"""Calls: call logs, voicemails, phone numbers, recordings and transcripts, the simulator that
makes them (``test_helpers.calls``), their signed media links, live calls (click-to-call,
actions, listeners and their WebSockets), and the control routes of a tenant's clock, phone
numbers and media streams."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import (
    call_logs,
    control,
    examples,
    helpers,
    live_calls,
    media,
    phone_numbers,
    voicemails,
)
from .canned_events import CANNED_EVENTS
from .media_sockets import MediaSockets
from .tables import MIGRATIONS, SCHEMA, CallTables


def _connect(runtime: Runtime) -> None:
    tables = CallTables(runtime.db)
    runtime.hold(tables)
    numbers = phone_numbers.NumberDirectory(tables)
    runtime.numbers = numbers
    runtime.router.register("did", numbers)
    runtime.router.register_referrers(numbers.routing_to)
    sockets = MediaSockets(
        lambda tenant, account_id, call_id: live_calls.is_live(runtime, tenant, account_id, call_id)
    )
    runtime.hold(sockets)
    runtime.on_stop.append(sockets.close_all)


SERVICE = Service(
    name="calls",
    operations={
        **call_logs.OPERATIONS,
        **voicemails.OPERATIONS,
        **phone_numbers.OPERATIONS,
        **helpers.OPERATIONS,
        **live_calls.OPERATIONS,
    },
    schema=SCHEMA,
    migrations=MIGRATIONS,
    connect=_connect,
    control_routes=control.control_routes,
    routes=media.routes,
    canned_events=CANNED_EVENTS,
    examples={
        "call_id": examples.call,
        "listener_id": examples.listener,
        "voicemail_id": examples.voicemail,
        "phone_number_id": examples.phone_number,
    },
)
