"""Devices (deskphones, DECT bases and handsets), their users' lines, button templates and
per-device overrides, inside the account the ``DialStack-Account`` header names."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import dect_bases, devices, examples, templates
from .provisioner import OrderProvisioner
from .tables import SCHEMA, DeviceTables


def _connect(runtime: Runtime) -> None:
    runtime.hold(DeviceTables(runtime.db))
    runtime.devices = OrderProvisioner(runtime)


SERVICE = Service(
    name="devices",
    operations={**devices.OPERATIONS, **dect_bases.OPERATIONS, **templates.OPERATIONS},
    schema=SCHEMA,
    connect=_connect,
    examples={
        "device_id": examples.device,
        "base_id": examples.dect_base,
        "template_id": examples.template,
        "button_id": examples.button,
        "override_id": examples.override,
    },
)
