"""Numbering: the numbers an account could order, orders of new numbers, numbers ported in
from other carriers, and each number's SMS port-out window. What an order or a port brings
becomes a number of the account through ``runtime.numbers``."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import examples, orders, porting, sms_port_out
from .tables import SCHEMA, NumberingTables


def _connect(runtime: Runtime) -> None:
    tables = NumberingTables(runtime.db)
    runtime.hold(tables)

    def settle_every_tenant() -> None:
        for tenant in tables.tenants_due():
            orders.settle(runtime, tenant)
            porting.settle(runtime, tenant)

    # Orders due when a stepped clock moves end then; in real time, when next read.
    runtime.on_clock_moved.append(settle_every_tenant)


SERVICE = Service(
    name="numbering",
    operations={**orders.OPERATIONS, **porting.OPERATIONS, **sms_port_out.OPERATIONS},
    schema=SCHEMA,
    connect=_connect,
    examples={
        "phone_number_order_id": examples.phone_number_order,
        "port_order_id": examples.port_order,
    },
)
