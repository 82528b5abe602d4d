"""Presence, queue agents and park slots: derived from simulated calls (``on_call_changed``),
simulated registrations and parks (control routes), and the users' own do-not-disturb."""

from ...core.ports import CallChange
from ...core.runtime import Runtime
from ...core.service import Service
from . import control, presence, queue_agents
from .streams import ParkSlotStreams
from .tables import SCHEMA, PresenceTables


def _connect(runtime: Runtime) -> None:
    tables = PresenceTables(runtime.db)
    runtime.hold(tables)
    streams = ParkSlotStreams(runtime)
    runtime.hold(streams)
    runtime.on_clock_moved.append(streams.clock_moved)

    def follow(change: CallChange) -> None:
        args = (change.tenant, change.account_id, change.user_id, change.call_id)
        if change.phase == "ringing":
            tables.call_ringing(*args)
        elif change.phase == "answered":
            tables.call_answered(*args, change.at)
        else:
            tables.call_ended(*args)

    runtime.on_call_changed.append(follow)


SERVICE = Service(
    name="presence",
    operations={
        "users.retrieve_presence": presence.retrieve_presence,
        "users.retrieve_queue_agent": queue_agents.retrieve_queue_agent,
        "users.update_queue_agent": queue_agents.update_queue_agent,
        "presence.list": presence.list_presence,
    },
    schema=SCHEMA,
    connect=_connect,
    control_routes=control.control_routes,
    streams=lambda runtime: {"presence.list": runtime.state(ParkSlotStreams).serve_request},
    examples={
        "user[]": lambda world: world.example("user_id"),
        "park_slot[]": lambda world: "all",
    },
)
