"""Hardware orders: the catalog fixture, orders of one item per unit, and their review
(control routes) up to fulfilment, where the devices service makes each unit a device."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import control, examples, orders
from .tables import SCHEMA, OrderTables


def _connect(runtime: Runtime) -> None:
    runtime.hold(OrderTables(runtime.db))


SERVICE = Service(
    name="hardware_orders",
    operations=orders.OPERATIONS,
    schema=SCHEMA,
    connect=_connect,
    control_routes=control.control_routes,
    examples={
        "order": examples.order,
        "order_id": lambda world: world.example("order"),
        "item": examples.item,
    },
)
