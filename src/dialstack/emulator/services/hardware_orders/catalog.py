"""The hardware catalog: a fixed fixture, the same for every tenant, readable through
``GET /_emulator/hardware_catalog`` so that tests can pick an item.

Each item's ``oui`` is the vendor prefix the MAC address of a unit made from it starts with
(what the devices service's vendor table recognises).
"""

from dataclasses import dataclass
from typing import Any

from ...core.ids import encode_suffix

_LISTED_AT = "2026-01-01T00:00:00.000000Z"


@dataclass(frozen=True)
class CatalogItem:
    id: str
    manufacturer: str
    model: str
    sku: str | None
    device_type: str
    active: bool
    oui: str

    def wire(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "manufacturer": self.manufacturer,
            "model": self.model,
            "sku": self.sku,
            "device_type": self.device_type,
            "active": self.active,
            "created_at": _LISTED_AT,
            "updated_at": _LISTED_AT,
        }


def _item(number: int, *fields: Any) -> CatalogItem:
    return CatalogItem(f"hwc_{encode_suffix(number)}", *fields)


CATALOG: tuple[CatalogItem, ...] = (
    _item(1, "Yealink", "T54W", "YEA-T54W", "deskphone", True, "80:5E:C0"),
    _item(2, "Poly", "Edge E350", "POL-E350", "deskphone", True, "64:16:7F"),
    _item(3, "Yealink", "W70B", "YEA-W70B", "dect_base", True, "80:5E:C0"),
    _item(4, "Yealink", "W56H", "YEA-W56H", "dect_handset", True, "80:5E:C0"),
    _item(5, "Yealink", "PSU 5V 2A", None, "accessory", True, "80:5E:C0"),
    _item(6, "Yealink", "T46S", "YEA-T46S", "deskphone", False, "80:5E:C0"),
)
BY_ID = {item.id: item for item in CATALOG}
