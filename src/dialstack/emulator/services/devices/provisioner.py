"""The ``DeviceProvisioner`` port: a fulfilled hardware order's units become devices."""

from ...core.runtime import Runtime
from .registry import give_line, register
from .tables import DeviceTables


class OrderProvisioner:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def create_from_order(
        self,
        tenant: str,
        account_id: str,
        *,
        mac_address: str,
        device_type: str,
        model: str,
        user_id: str | None,
        location_id: str | None,
    ) -> str:
        fields: dict[str, str] = {"type": device_type, "mac_address": mac_address, "model": model}
        if location_id is not None:
            fields["location"] = location_id
        device_id = register(self._runtime, tenant, account_id, fields)
        if user_id is not None:
            device = self._runtime.state(DeviceTables).device(tenant, account_id, device_id)
            give_line(self._runtime, tenant, account_id, device.document, user_id)
        return device_id
