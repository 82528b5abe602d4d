"""Helpers for testing code that uses DialStack.

``dialstack.testing.pytest_plugin`` is the pytest plugin that installing ``dialstack``
registers (fixtures ``dialstack_emulator``, ``dialstack_client``, ``async_dialstack_client``,
``dialstack_emulator_server``). Nothing here is imported by ``import dialstack``.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..emulator import ClockState, DeliveryCounts, Emulator, EmulatorHandle, WebhookDelivery
    from .webhooks import WebhookReceiver

__all__ = [
    "ClockState",
    "DeliveryCounts",
    "Emulator",
    "EmulatorHandle",
    "WebhookDelivery",
    "WebhookReceiver",
]

# What the fixtures give, for annotations (``def test_x(dialstack_emulator: EmulatorHandle)``);
# loaded on first use, so that importing this package needs no emulator extra.
_MODULES = {name: "..emulator" for name in __all__ if name != "WebhookReceiver"}
_MODULES["WebhookReceiver"] = ".webhooks"


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name], __name__), name)
