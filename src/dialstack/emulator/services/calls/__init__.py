"""Calls: call logs, voicemails, phone numbers, recordings and transcripts, the simulator that
makes them (``test_helpers.calls``), their signed media links, and the control routes of a
tenant's clock and phone numbers."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import call_logs, control, examples, helpers, media, phone_numbers, voicemails
from .canned_events import CANNED_EVENTS
from .tables import SCHEMA, CallTables


def _connect(runtime: Runtime) -> None:
    runtime.hold(CallTables(runtime.db))


SERVICE = Service(
    name="calls",
    operations={
        **call_logs.OPERATIONS,
        **voicemails.OPERATIONS,
        **phone_numbers.OPERATIONS,
        **helpers.OPERATIONS,
    },
    schema=SCHEMA,
    connect=_connect,
    control_routes=control.control_routes,
    routes=media.routes,
    canned_events=CANNED_EVENTS,
    examples={
        "call_id": examples.call,
        "voicemail_id": examples.voicemail,
        # Any routing target will do for a field that takes one: a user is the simplest.
        "target": lambda world: world.example("user_id"),
    },
)
