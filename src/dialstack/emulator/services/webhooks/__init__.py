"""Webhooks: endpoints, the event log, signed deliveries and their worker, canned events
(``test_helpers.events``), and the control routes of events and deliveries."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import control, endpoints, examples, helpers
from .canned_events import CANNED_EVENTS
from .events import Webhooks
from .tables import SCHEMA


def _connect(runtime: Runtime) -> None:
    webhooks = Webhooks(runtime.db, runtime.ids, runtime.clock.now, runtime.listening_ports)
    runtime.hold(webhooks)
    runtime.record_event = webhooks.record_event
    runtime.on_start.append(webhooks.delivery.start)
    runtime.on_stop.append(webhooks.delivery.stop)
    runtime.on_clock_moved.append(webhooks.delivery.wake)


SERVICE = Service(
    name="webhooks",
    operations={**endpoints.OPERATIONS, **helpers.OPERATIONS},
    schema=SCHEMA,
    connect=_connect,
    control_routes=control.control_routes,
    canned_events=CANNED_EVENTS,
    examples={"webhook_endpoint_id": examples.webhook_endpoint},
)
