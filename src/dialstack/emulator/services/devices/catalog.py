"""The vendor table: which maker an address block (OUI) belongs to, what kind of device it
makes there, and what each model's keys can do. Small on purpose (docs/devices.md lists it)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Model:
    """What a model's hardware can do."""

    vendor: str
    kind: str
    name: str
    max_position: int
    """Its highest programmable key (0: none, a base station)."""
    max_lines: int
    """Users it takes (a handset: one; a base: none, its handsets carry the lines)."""
    unsupported_types: frozenset[str] = frozenset()
    max_handsets: int = 0
    defaults: tuple[dict[str, Any], ...] = field(default=())
    """Keys the model has for free (``model_default``): functions it has no hard key for."""


_YEALINK_T54W = Model("yealink", "deskphone", "T54W", 27, 16)
_YEALINK_W70B = Model("yealink", "dect_base", "W70B", 0, 0, max_handsets=10)
_YEALINK_W73H = Model(
    "yealink",
    "dect_handset",
    "W73H",
    6,
    1,
    frozenset({"url", "multicast", "blf_queue_depth"}),
    defaults=({"position": 1, "label": "Voicemail", "type": "voicemail", "target": {}},),
)
_POLY_VVX450 = Model(
    "poly", "deskphone", "VVX 450", 34, 12, frozenset({"blf_queue_depth", "record_toggle"})
)
_SNOM_D785 = Model(
    "snom",
    "deskphone",
    "D785",
    12,
    12,
    frozenset({"blf_voicemail_shared"}),
    defaults=({"position": 12, "label": "DND", "type": "dnd", "target": {}},),
)
_GRANDSTREAM_GRP2615 = Model("grandstream", "deskphone", "GRP2615", 40, 10, frozenset({"intercom"}))
_GRANDSTREAM_DP752 = Model("grandstream", "dect_base", "DP752", 0, 0, max_handsets=5)
_GIGASET_N870 = Model("gigaset", "dect_base", "N870", 0, 0, max_handsets=20)

_OUIS: dict[str, tuple[str, tuple[Model, ...]]] = {
    "805E0C": ("yealink", (_YEALINK_T54W,)),
    "249AD8": ("yealink", (_YEALINK_W70B,)),
    "0004F2": ("poly", (_POLY_VVX450,)),
    "000413": ("snom", (_SNOM_D785,)),
    # One block for Grandstream's deskphones and DECT bases alike: its MACs name no kind.
    "000B82": ("grandstream", (_GRANDSTREAM_GRP2615, _GRANDSTREAM_DP752)),
    "7C2F80": ("gigaset", (_GIGASET_N870,)),
}
_MODELS = {
    model.name.casefold(): model
    for model in (
        _YEALINK_T54W,
        _YEALINK_W70B,
        _YEALINK_W73H,
        _POLY_VVX450,
        _SNOM_D785,
        _GRANDSTREAM_GRP2615,
        _GRANDSTREAM_DP752,
        _GIGASET_N870,
    )
}
UNKNOWN_VENDOR = "unknown"
_GENERIC_UNSUPPORTED = frozenset(
    {"blf_park", "blf_voicemail_shared", "blf_queue_agent", "blf_queue_depth", "url", "multicast"}
)
_GENERIC = {
    "deskphone": Model(UNKNOWN_VENDOR, "deskphone", "generic", 12, 6, _GENERIC_UNSUPPORTED),
    "dect_base": Model(UNKNOWN_VENDOR, "dect_base", "generic", 0, 0, max_handsets=5),
    "dect_handset": Model(UNKNOWN_VENDOR, "dect_handset", "generic", 4, 1, _GENERIC_UNSUPPORTED),
}
_HANDSET_OF = {"yealink": _YEALINK_W73H}


def vendor_of(mac_address: str) -> str:
    """The maker of a normalised MAC address (``UNKNOWN_VENDOR`` outside the table)."""
    found = _OUIS.get(mac_address.replace(":", "")[:6])
    return UNKNOWN_VENDOR if found is None else found[0]


def kinds_of(mac_address: str) -> frozenset[str]:
    """The kinds of device the MAC's block holds: empty outside the table, two where one
    vendor's block mixes kinds."""
    found = _OUIS.get(mac_address.replace(":", "")[:6])
    return frozenset() if found is None else frozenset(model.kind for model in found[1])


def model_for(vendor: str, kind: str, model: str | None) -> Model:
    """The capabilities of a device: its named model when known and of its kind, else the
    vendor's model of that kind, else a generic one."""
    if model is not None:
        named = _MODELS.get(model.casefold())
        if named is not None and named.kind == kind:
            return named
    if kind == "dect_handset" and vendor in _HANDSET_OF:
        return _HANDSET_OF[vendor]
    for block_vendor, models in _OUIS.values():
        for candidate in models:
            if block_vendor == vendor and candidate.kind == kind:
                return candidate
    return _GENERIC[kind]
