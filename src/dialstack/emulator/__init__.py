"""Local DialStack API emulator: ``pip install 'dialstack[emulator]'``.

Names load on first use: the pytest plugin imports this package in every pytest run of
anyone who installs ``dialstack``, with or without Starlette and uvicorn.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .control.control_client import (
        ClockState,
        DeliveryAttempt,
        DeliveryCounts,
        EmulatorControl,
        EmulatorControlError,
        Fault,
        LoggedRequest,
        WebhookDelivery,
    )
    from .server.emulator import Emulator
    from .server.handle import EmulatorHandle

__all__ = [
    "ClockState",
    "DeliveryAttempt",
    "DeliveryCounts",
    "Emulator",
    "EmulatorControl",
    "EmulatorControlError",
    "EmulatorHandle",
    "Fault",
    "LoggedRequest",
    "WebhookDelivery",
]

_MODULES = {
    "ClockState": ".control.control_client",
    "DeliveryAttempt": ".control.control_client",
    "DeliveryCounts": ".control.control_client",
    "Emulator": ".server.emulator",
    "EmulatorControl": ".control.control_client",
    "EmulatorControlError": ".control.control_client",
    "EmulatorHandle": ".server.handle",
    "Fault": ".control.control_client",
    "LoggedRequest": ".control.control_client",
    "WebhookDelivery": ".control.control_client",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name], __name__), name)
