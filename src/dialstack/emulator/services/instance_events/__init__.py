"""The instance event stream, ``GET /v1/events``: what the browser SDK's instance hears of
the account's calls (``call.incoming`` as a simulated call rings a user)."""

from ...core.event_streams import stream_control_routes
from ...core.runtime import Runtime
from ...core.service import Service
from .streams import OPERATIONS, InstanceEventStreams


def _connect(runtime: Runtime) -> None:
    streams = InstanceEventStreams()
    runtime.hold(streams)
    runtime.on_call_changed.append(streams.call_changed)


SERVICE = Service(
    name="instance_events",
    operations=OPERATIONS,
    connect=_connect,
    control_routes=lambda runtime: stream_control_routes(
        "/_emulator/instance_events/streams", runtime.state(InstanceEventStreams)
    ),
    streams=lambda runtime: {
        "instance_events.check": runtime.state(InstanceEventStreams).serve_request
    },
)
