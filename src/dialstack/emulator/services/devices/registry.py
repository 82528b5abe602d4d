"""What every device operation shares: registering a device (``devices.create`` and a
fulfilled hardware order alike), pairing a handset, a device as the API shows it, and the
tenant's time."""

import json
import re
from collections.abc import Mapping
from typing import Any

from ...core.api_request import to_json
from ...core.errors import Conflict, ResourceMissing, SemanticallyInvalid
from ...core.runtime import Runtime
from ...core.timestamps import iso
from . import buttons
from .catalog import UNKNOWN_VENDOR, Model, kinds_of, model_for, vendor_of
from .tables import Assignment, Clash, DeviceTables

_PREFIXES = {"deskphone": "dev", "dect_base": "dectb", "dect_handset": "decth"}
MAX_DEVICES = 1000
"""Per account: the emulator's memory stays bounded."""
_MAX_SETTINGS_BYTES = 16 * 1024
_HEX = re.compile(r"[0-9A-F]{12}")


def moment(runtime: Runtime, tenant: str) -> str:
    """Now on the tenant's clock (stepped in tests), as the API writes it."""
    return iso(int(runtime.clock.now(tenant) * 1_000_000_000))


def normalised_mac(mac_address: str) -> str:
    """``80:5E:0C:12:34:56`` from any of the spellings the description admits.

    Raises:
        SemanticallyInvalid: a multicast (group) or all-zero address, which no phone has.
    """
    digits = mac_address.replace(":", "").replace("-", "").upper()
    if _HEX.fullmatch(digits) is None:
        raise SemanticallyInvalid("mac_address", "mac_address must be 12 hexadecimal digits")
    if int(digits[:2], 16) & 1 or digits == "0" * 12:
        raise SemanticallyInvalid("mac_address", "mac_address is not a device's own address")
    return ":".join(digits[index : index + 2] for index in range(0, 12, 2))


def checked_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    if len(to_json(settings).encode()) > _MAX_SETTINGS_BYTES:
        raise SemanticallyInvalid("overrides", "overrides may hold at most 16 KiB of JSON")
    return dict(settings)


def _refuse(field: str, kind: str, fields: Mapping[str, Any]) -> None:
    if field in fields:
        raise SemanticallyInvalid(field, f"a {kind} takes no {field}")


def _kind(given: str | None, mac_address: str) -> str:
    """The device's kind: the one given, checked against the vendor table, else detected."""
    kinds = kinds_of(mac_address)
    if given is not None:
        if kinds and given not in kinds:
            raise SemanticallyInvalid(
                "type", f"{mac_address} is a {' or '.join(sorted(kinds))}, not a {given}"
            )
        return given
    if not kinds:
        raise SemanticallyInvalid(
            "mac_address", f"{mac_address} is of no vendor we know: give the type"
        )
    if len(kinds) > 1:
        raise SemanticallyInvalid(
            "type", f"{mac_address}'s vendor makes {' and '.join(sorted(kinds))}: give the type"
        )
    (kind,) = kinds
    return kind


def device_model(device: Mapping[str, Any]) -> Model:
    return model_for(device["vendor"], device["type"], device.get("model"))


def pair(
    runtime: Runtime, tenant: str, account_id: str, handset: dict[str, Any], base_id: str
) -> None:
    """Put a handset in the lowest free slot of a base of the account.

    Raises:
        SemanticallyInvalid: ``base`` is no DECT base of the account.
        Conflict: ``base_full``.
    """
    tables = runtime.state(DeviceTables)
    try:
        base = tables.device(tenant, account_id, base_id).document
    except ResourceMissing:
        raise SemanticallyInvalid("base", f"no such DECT base: {base_id!r}") from None
    if base["type"] != "dect_base":
        raise SemanticallyInvalid("base", f"{base_id} is a {base['type']}, not a DECT base")
    paired = [other for other in tables.handsets(tenant, base_id) if other["id"] != handset["id"]]
    taken = {other["slot_number"] for other in paired}
    capacity = base["max_handsets"]
    if len(paired) >= capacity:
        raise Conflict(
            "base_full", f"{base_id} holds its most handsets ({capacity})", {"base": base_id}
        )
    handset["base"] = base_id
    handset["slot_number"] = min(set(range(1, capacity + 1)) - taken)
    handset["status"] = "pending-sync"
    if handset["vendor"] == UNKNOWN_VENDOR:
        handset["vendor"] = base["vendor"]


def register(runtime: Runtime, tenant: str, account_id: str, fields: Mapping[str, Any]) -> str:
    """Create a device from ``devices.create``'s fields; returns its id.

    Raises:
        SemanticallyInvalid: fields that do not fit the kind, an unclassifiable MAC.
        Conflict: ``device_exists`` (the MAC or IPEI), ``base_full``, ``device_limit_reached``.
    """
    if runtime.state(DeviceTables).device_count(tenant, account_id) >= MAX_DEVICES:
        raise Conflict("device_limit_reached", f"An account holds at most {MAX_DEVICES} devices")
    given = fields.get("type")
    timestamp = moment(runtime, tenant)
    common: dict[str, Any] = {
        "object": "device",
        "model": fields.get("model"),
        "name": fields.get("name"),
        "status": "pending-sync",
        "overrides": checked_settings(fields.get("overrides", {})),
        "current_ip_address": None,
        "last_provisioned_at": None,
        "last_registered_at": None,
        "last_call_at": None,
        "button_template_id": None,
        "created_at": timestamp,
        "updated_at": timestamp,
    }
    if given == "dect_handset":
        for field in ("mac_address", "location", "multicell_role"):
            _refuse(field, "DECT handset", fields)
        if "ipei" not in fields:
            raise SemanticallyInvalid("ipei", "a DECT handset needs its ipei")
        device: dict[str, Any] = {
            **common,
            "type": given,
            "mac_address": None,
            "vendor": UNKNOWN_VENDOR,
            "location": None,
            "base": None,
            "ipei": fields["ipei"].upper(),
            "display_name": fields.get("name"),
            "slot_number": None,
            "registered_at": None,
            "firmware_version": None,
            "status": "unpaired",
        }
    else:
        if "mac_address" not in fields:
            raise SemanticallyInvalid(
                "mac_address", "a deskphone or DECT base needs its mac_address"
            )
        mac_address = normalised_mac(fields["mac_address"])
        kind = _kind(given, mac_address)
        for field in ("ipei", "base"):
            _refuse(field, kind.replace("_", " "), fields)
        device = {
            **common,
            "type": kind,
            "mac_address": mac_address,
            "vendor": vendor_of(mac_address),
            "location": fields.get("location"),
        }
        if kind == "dect_base":
            device["multicell_role"] = fields.get("multicell_role", "single")
            device["max_handsets"] = device_model(device).max_handsets
            device["firmware_version"] = None
        else:
            _refuse("multicell_role", "deskphone", fields)
    device = {"id": runtime.ids.new(_PREFIXES[device["type"]]), **device}
    if device["type"] == "dect_handset" and fields.get("base") is not None:
        pair(runtime, tenant, account_id, device, fields["base"])
    try:
        runtime.state(DeviceTables).insert_device(tenant, account_id, device)
    except Clash:
        identity = "ipei" if device["type"] == "dect_handset" else "mac_address"
        raise Conflict(
            "device_exists",
            f"A device with this {identity} is already in the account",
            {"field": identity},
        ) from None
    return str(device["id"])


def needs_sync(device: dict[str, Any], timestamp: str) -> None:
    """The phone's configuration changed: it runs the old one until it fetches again."""
    if device["status"] != "unpaired":
        device["status"] = "pending-sync"
    device["updated_at"] = timestamp


def _line(device: Mapping[str, Any], line: Assignment) -> dict[str, Any]:
    return {
        "id": line.line_id,
        "device": device["id"],
        "endpoint": line.endpoint_id,
        "line_number": line.line_number,
        "created_at": line.created_at,
        "updated_at": line.created_at,
    }


def _handset_line(
    runtime: Runtime,
    tenant: str,
    account_id: str,
    line: Assignment,
    device: Mapping[str, Any],
    *,
    online: bool,
) -> dict[str, Any]:
    user = json.loads(runtime.users.document(tenant, account_id, line.user_id))
    return {
        "id": line.line_id,
        "handset": device["id"],
        "display_name": device.get("display_name"),
        "endpoint_id": line.endpoint_id,
        "endpoint": {
            "id": line.endpoint_id,
            "user": line.user_id,
            "name": user.get("name"),
            "status": "online" if online else "offline",
        },
        "created_at": line.created_at,
        "updated_at": line.created_at,
    }


def assignment_json(line: Assignment) -> dict[str, Any]:
    return {
        "user": line.user_id,
        "user_id": line.user_id,
        "device": line.device_id,
        "line_number": line.line_number,
        "created_at": line.created_at,
    }


def shown(
    runtime: Runtime,
    tenant: str,
    account_id: str,
    document: dict[str, Any],
    offline_until: float | None,
    *,
    expand: frozenset[str] = frozenset(),
    with_compatibility: bool = False,
) -> dict[str, Any]:
    """The device as the API answers it: its lines, registration and expansions added."""
    tables = runtime.state(DeviceTables)
    lines = tables.assignments(tenant, document["id"])
    offline = offline_until is not None and runtime.clock.now(tenant) < offline_until
    registered = not offline and any(line.registered_at is not None for line in lines)
    device = {**document, "registration_status": "registered" if registered else "not_registered"}
    if device["type"] == "deskphone":
        device["lines"] = [_line(device, line) for line in lines]
        device["primary_line"] = next(
            (line.line_id for line in lines if line.line_number == 1), None
        )
    elif device["type"] == "dect_base":
        paired = sorted(tables.handsets(tenant, device["id"]), key=lambda h: h["slot_number"])
        device["handsets"] = [
            {key: handset.get(key) for key in _HANDSET_FIELDS} for handset in paired
        ]
    else:
        device["extensions"] = [
            _handset_line(runtime, tenant, account_id, line, device, online=registered)
            for line in lines
        ]
    if "users" in expand:
        device["assignments"] = [assignment_json(line) for line in lines]
    template_id = device["button_template_id"]
    if "button_template" in expand:
        device["button_template"] = (
            None if template_id is None else tables.template(tenant, account_id, template_id)
        )
    if with_compatibility:
        device["compatibility"] = buttons.summary(
            device_model(device), effective_buttons(runtime, tenant, device, bool(lines))
        )
    return device


_HANDSET_FIELDS = (
    "id",
    "base",
    "ipei",
    "status",
    "display_name",
    "slot_number",
    "model",
    "firmware_version",
    "registered_at",
    "created_at",
    "updated_at",
)


def effective_buttons(
    runtime: Runtime, tenant: str, device: Mapping[str, Any], has_user: bool
) -> list[dict[str, Any]]:
    tables = runtime.state(DeviceTables)
    template_id = device["button_template_id"]
    from_template = [] if template_id is None else tables.buttons(tenant, template_id)
    return buttons.materialised(
        device_model(device), has_user, from_template, tables.overrides(tenant, device["id"])
    )


def _user_conflict(
    tables: DeviceTables, tenant: str, account_id: str, device: Mapping[str, Any], user_id: str
) -> Conflict | None:
    """Why the user cannot have a line on the device (at most one device per user, and the
    device's room), None when it can."""
    lines = tables.assignments(tenant, device["id"])
    if any(line.user_id == user_id for line in lines):
        return Conflict("user_already_assigned", f"{user_id} is already on this device")
    existing = tables.device_of_user(tenant, user_id)
    if existing is not None:
        other = tables.device(tenant, account_id, existing).document
        shared_base = device["type"] == "dect_handset" and device.get("base") is not None
        if shared_base and other.get("base") == device["base"]:
            return Conflict(
                "user_already_has_endpoint",
                f"{user_id} already has an endpoint on base {device['base']} (via {existing})",
                {"existing_device": existing},
            )
        return Conflict(
            "user_already_has_device",
            f"{user_id} is already on {existing}; a user is on at most one device",
            {"existing_device": existing},
        )
    if device["type"] == "dect_handset" and lines:
        return Conflict("handset_already_assigned", f"{device['id']} already has its user")
    capacity = device_model(device).max_lines
    if len(lines) >= capacity:
        return Conflict(
            "device_full",
            f"{device['id']} has no free line (it takes {capacity})"
            if capacity
            else "A DECT base carries its handsets' lines: assign the user to a handset",
        )
    return None


def give_line(
    runtime: Runtime, tenant: str, account_id: str, device: dict[str, Any], user_id: str
) -> Assignment:
    """Provision the user a line (SIP endpoint and key) on the device.

    Raises:
        SemanticallyInvalid: ``user`` names no user of the account.
        Conflict: one of the six codes of the one-device-per-user rule.
    """
    tables = runtime.state(DeviceTables)
    try:
        runtime.users.document(tenant, account_id, user_id)
    except ResourceMissing:
        raise SemanticallyInvalid("user", f"no such user: {user_id!r}") from None
    conflict = _user_conflict(tables, tenant, account_id, device, user_id)
    if conflict is not None:
        raise conflict
    taken = {line.line_number for line in tables.assignments(tenant, device["id"])}
    timestamp = moment(runtime, tenant)
    line = Assignment(
        device_id=device["id"],
        user_id=user_id,
        line_number=min(set(range(1, len(taken) + 2)) - taken),
        line_id=runtime.ids.new("line"),
        endpoint_id=runtime.ids.new("ep"),
        registered_at=None,
        created_at=timestamp,
    )
    try:
        tables.assign(tenant, line)
    except Clash:
        raise Conflict("user_already_has_device", f"{user_id} is already on a device") from None
    needs_sync(device, timestamp)
    tables.replace_device(tenant, device)
    return line
