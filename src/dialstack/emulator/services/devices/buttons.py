"""Buttons: a target checked against its type, the verdict of one key on one device, and the
keys a device shows (model defaults, then its template's, then its own overrides)."""

import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ...core.errors import ResourceMissing, SemanticallyInvalid
from ...core.runtime import Runtime
from .catalog import Model

PROVISIONED_PARK_SLOTS = range(1, 11)
"""The account's parking lot: a park key for another slot has nowhere to park."""

_DIALLABLE = re.compile(r"\+?[0-9*#]{1,32}")
_DTMF = re.compile(r"[0-9*#A-Da-d,]{1,32}")


@dataclass(frozen=True)
class _Key:
    required: bool
    check: Callable[[Runtime, str, str, str, Any], Any]
    """``(runtime, tenant, account_id, field, value)`` -> the value to store."""


def _integer(low: int, high: int) -> Callable[[Runtime, str, str, str, Any], Any]:
    def check(runtime: Runtime, tenant: str, account_id: str, name: str, value: Any) -> Any:
        del runtime, tenant, account_id
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SemanticallyInvalid(name, f"{name} must be an integer from {low} to {high}")
        return value

    return check


def _matching(pattern: re.Pattern[str], what: str) -> Callable[[Runtime, str, str, str, Any], Any]:
    def check(runtime: Runtime, tenant: str, account_id: str, name: str, value: Any) -> Any:
        del runtime, tenant, account_id
        if not isinstance(value, str) or pattern.fullmatch(value) is None:
            raise SemanticallyInvalid(name, f"{name} must be {what}")
        return value

    return check


def _user(*, self_allowed: bool) -> Callable[[Runtime, str, str, str, Any], Any]:
    def check(runtime: Runtime, tenant: str, account_id: str, name: str, value: Any) -> Any:
        if self_allowed and value == "self":
            return value
        if not isinstance(value, str):
            raise SemanticallyInvalid(name, f"{name} must be a user id")
        try:
            runtime.users.document(tenant, account_id, value)
        except ResourceMissing:
            raise SemanticallyInvalid(name, f"{name}: no such user {value!r}") from None
        return value

    return check


def _routable(kind: str) -> Callable[[Runtime, str, str, str, Any], Any]:
    def check(runtime: Runtime, tenant: str, account_id: str, name: str, value: Any) -> Any:
        if not isinstance(value, str) or not runtime.router.exists(tenant, account_id, value):
            raise SemanticallyInvalid(name, f"{name}: no such {kind} {value!r}")
        return value

    return check


def _url(runtime: Runtime, tenant: str, account_id: str, name: str, value: Any) -> Any:
    del runtime, tenant, account_id
    if isinstance(value, str) and len(value) <= 2048:
        parts = urlsplit(value)
        if parts.scheme in {"http", "https"} and parts.hostname:
            return value
    raise SemanticallyInvalid(name, f"{name} must be an http(s) URL of at most 2048 characters")


def _multicast(runtime: Runtime, tenant: str, account_id: str, name: str, value: Any) -> Any:
    del runtime, tenant, account_id
    try:
        if isinstance(value, str) and ipaddress.IPv4Address(value).is_multicast:
            return value
    except ValueError:
        pass
    raise SemanticallyInvalid(name, f"{name} must be an IPv4 multicast address (224.0.0.0/4)")


def _mode(runtime: Runtime, tenant: str, account_id: str, name: str, value: Any) -> Any:
    del runtime, tenant, account_id
    if value not in ("blind", "attended"):
        raise SemanticallyInvalid(name, f"{name} must be blind or attended")
    return value


_SLOT = _integer(1, 999)
_QUEUE = _routable("queue")
_TARGETS: Mapping[str, Mapping[str, _Key]] = {
    "line": {"line_index": _Key(False, _integer(1, 24))},
    "blf_extension": {"user": _Key(True, _user(self_allowed=True))},
    "blf_park": {"slot": _Key(True, _SLOT)},
    "blf_voicemail_shared": {"shared_voicemail_box": _Key(True, _routable("shared voicemail box"))},
    "blf_queue_agent": {"queue": _Key(True, _QUEUE), "user": _Key(True, _user(self_allowed=False))},
    "blf_queue_depth": {"queue": _Key(True, _QUEUE)},
    "speed_dial": {"destination": _Key(True, _matching(_DIALLABLE, "digits to dial"))},
    "dtmf": {"digits": _Key(True, _matching(_DTMF, "DTMF digits (0-9, *, #, A-D, ',')"))},
    "voicemail": {"user": _Key(False, _user(self_allowed=False))},
    "url": {"url": _Key(True, _url)},
    "multicast": {"address": _Key(True, _multicast), "port": _Key(True, _integer(1, 65535))},
    "conference": {},
    "transfer": {"mode": _Key(True, _mode)},
    "forward": {"destination": _Key(False, _matching(_DIALLABLE, "digits to dial"))},
    "park": {"slot": _Key(False, _SLOT)},
    "intercom": {"user": _Key(True, _user(self_allowed=False))},
    "dnd": {},
    "record_toggle": {},
}


def checked_target(
    runtime: Runtime, tenant: str, account_id: str, button_type: str, target: Mapping[str, Any]
) -> dict[str, Any]:
    """The target as stored, after checking it fits the type and names things that exist.

    Raises:
        SemanticallyInvalid: ``target.<key>`` for a missing, unknown or unfitting key.
    """
    keys = _TARGETS[button_type]
    for name in target:
        if name not in keys:
            raise SemanticallyInvalid(
                f"target.{name}", f"a {button_type} button's target takes no {name!r}"
            )
    checked: dict[str, Any] = {}
    for name, key in keys.items():
        if name in target:
            checked[name] = key.check(runtime, tenant, account_id, f"target.{name}", target[name])
        elif key.required:
            raise SemanticallyInvalid(
                f"target.{name}", f"a {button_type} button needs target.{name}"
            )
    return checked


def verdict(
    model: Model, has_user: bool, position: int, button_type: str, target: Mapping[str, Any]
) -> str | None:
    """Why the device cannot show the key, None when it can."""
    if position > model.max_position:
        return "position_out_of_range_for_model"
    if button_type in model.unsupported_types:
        return "vendor_does_not_support_type"
    needs_owner = target.get("user") == "self" or (
        button_type == "voicemail" and "user" not in target
    )
    if needs_owner and not has_user:
        return "device_has_no_owning_user"
    slot = target.get("slot")
    parks = button_type in {"blf_park", "park"} and slot is not None
    if parks and slot not in PROVISIONED_PARK_SLOTS:
        return "park_slot_not_provisioned"
    return None


def materialised(
    model: Model,
    has_user: bool,
    template_buttons: Sequence[Mapping[str, Any]],
    overrides: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The device's keys by position: an override beats a template button, which beats the
    model's default; a suppressed override leaves its position empty."""
    defaults = {button["position"]: button for button in model.defaults}
    from_template = {button["position"]: button for button in template_buttons}
    overridden = {override["position"]: override for override in overrides}
    shown: list[dict[str, Any]] = []
    for position in sorted({*defaults, *from_template, *overridden}):
        template_button = from_template.get(position)
        override = overridden.get(position)
        if override is not None:
            if override["suppressed"]:
                continue
            source = "override" if template_button is None else "template_overridden"
            button: Mapping[str, Any] = override
        elif template_button is not None:
            source, button = "template", template_button
        else:
            source, button = "model_default", defaults[position]
        reason = verdict(model, has_user, position, button["type"], button["target"])
        shown.append(
            {
                "position": position,
                "label": button["label"],
                "type": button["type"],
                "target": button["target"],
                "source": source,
                "template_button": None if template_button is None else template_button["id"],
                "override": None if override is None else override["id"],
                "compatibility": {"supported": True}
                if reason is None
                else {"supported": False, "reason": reason},
            }
        )
    return shown


def summary(model: Model, buttons: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The compatibility summary of materialised keys (``materialised``'s shape)."""
    unsupported: list[dict[str, Any]] = []
    for button in buttons:
        if button["compatibility"]["supported"]:
            continue
        entry: dict[str, Any] = {
            "position": button["position"],
            "type": button["type"],
            "reason": button["compatibility"]["reason"],
        }
        if button.get("override"):
            entry["override"] = button["override"]
        elif button.get("template_button"):
            entry["template_button"] = button["template_button"]
        unsupported.append(entry)
    return {
        "device": {
            "vendor": model.vendor,
            "model": model.name,
            "kind": model.kind,
            "max_position": model.max_position,
        },
        "supported_count": len(buttons) - len(unsupported),
        "unsupported": unsupported,
    }
