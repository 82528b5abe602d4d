"""Where calls go inside an account: extensions, ring groups and queues."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import examples, extensions, queues, ring_groups
from .tables import SCHEMA, RoutingTables
from .targets import ExtensionTargets, QueueTargets, RingGroupTargets


def _connect(runtime: Runtime) -> None:
    tables = RoutingTables(runtime.db)
    runtime.hold(tables)
    runtime.router.register("extension", ExtensionTargets(tables))
    runtime.router.register("rg", RingGroupTargets(tables))
    runtime.router.register("qu", QueueTargets(tables))
    runtime.router.register_referrers(tables.referrer)
    runtime.extensions = extensions.ExtensionDirectory(tables, runtime.page_tokens)


SERVICE = Service(
    name="routing",
    operations={**extensions.OPERATIONS, **ring_groups.OPERATIONS, **queues.OPERATIONS},
    schema=SCHEMA,
    connect=_connect,
    examples={
        "extension_number": examples.extension_number,
        "number": examples.free_number,
        "target": lambda world: world.example("user_id"),
        "extension": lambda world: world.example("extension_number"),
        "ring_group_id": examples.ring_group,
        "ring_group_member_id": examples.ring_group_member,
        "timeout_target": lambda world: world.example("queue_id"),
        "queue_id": examples.queue,
        "queue_member_id": examples.queue_member,
    },
)
