"""Faxes, and the documents they carry: uploads on the files host (``POST /v1/files``,
served here too), outbound faxes that end on the tenant's clock, inbound ones through a
control route."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import control, examples, faxes
from .tables import SCHEMA, FaxTables


def _connect(runtime: Runtime) -> None:
    runtime.hold(FaxTables(runtime.db))
    # Faxes due when a stepped clock moves end then, with their events; in real time, as
    # soon as a fax call reads them.
    runtime.on_clock_moved.append(lambda: faxes.settle_every_tenant(runtime))


SERVICE = Service(
    name="faxes",
    operations=faxes.OPERATIONS,
    schema=SCHEMA,
    connect=_connect,
    control_routes=control.control_routes,
    examples={"file": examples.file, "did": examples.fax_number, "fax_id": examples.fax},
)
