"""A stand-in for the devices service's side of fulfilment, for as long as no service of
this emulator fills ``runtime.devices``: it keeps the devices an order makes in memory, so
that the tests see them through the orders' own API (``items.device``, ``expand``)."""

import json
from typing import Any

from dialstack.emulator import EmulatorHandle
from dialstack.emulator.core.errors import ResourceMissing
from dialstack.emulator.core.runtime import Runtime

_PREFIXES = {"deskphone": "dev", "dect_base": "dectb", "dect_handset": "decth"}


class StandInDevices:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._devices: dict[tuple[str, str, str], str] = {}

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
        device_id = self._runtime.ids.new(_PREFIXES[device_type])
        device: dict[str, Any] = {
            "id": device_id,
            "object": "device",
            "type": device_type,
            "mac_address": mac_address,
            "model": model,
            "user": user_id,
            "location": location_id,
        }
        self._devices[tenant, account_id, device_id] = json.dumps(device)
        return device_id

    def document(self, tenant: str, account_id: str, device_id: str) -> str:
        try:
            return self._devices[tenant, account_id, device_id]
        except KeyError:
            raise ResourceMissing("device", device_id) from None


def runtime_of(emulator: EmulatorHandle) -> Runtime:
    """The in-process emulator's runtime, where the stand-ins are wired (test-only)."""
    return emulator.server._runtime  # pyright: ignore[reportPrivateUsage]


def with_devices(emulator: EmulatorHandle) -> None:
    """Give the emulator the stand-in when no service provides devices yet."""
    runtime = runtime_of(emulator)
    if not hasattr(runtime, "devices"):
        runtime.devices = StandInDevices(runtime)
