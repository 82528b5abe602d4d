"""Typed response objects: frozen, keeping every field the API sent and the request id.

A model is a frozen dataclass whose known fields are typed attributes; fields this SDK
version does not know stay reachable in ``extra`` and in ``to_dict()``, which gives back
the JSON exactly as it arrived. ``request_id`` names the response the object came from.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType, NoneType, UnionType
from typing import Any, ClassVar, Self, dataclass_transform

from ._errors import DialStackAPIError
from ._json import as_object

_EMPTY: Mapping[str, Any] = MappingProxyType({})
_HIDDEN = "hidden_in_repr"


def secret_field() -> Any:
    """A field whose value never appears in a repr."""
    return dataclasses.field(default=None, metadata={_HIDDEN: True})


def parse_timestamp(value: Any) -> datetime | None:
    """ISO 8601 (``Z`` or an offset) or Unix seconds, as an aware UTC datetime."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    return None


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(secret_field,))
class DialStackModel:
    """Base of every response object."""

    extra: Mapping[str, Any] = _EMPTY
    """Fields the API sent that this SDK version has no attribute for."""
    request_id: str | None = None
    """The ``X-Request-Id`` of the response this object came from: quote it to support."""
    _wire: Mapping[str, Any] | None = None
    _converters: ClassVar[dict[str, Callable[[Any], Any]] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Own repr (secrets hidden, None left out); eq compares the typed fields.
        dataclasses.dataclass(frozen=True, kw_only=True, repr=False)(cls)

    @classmethod
    def from_wire(cls, data: Mapping[str, Any], request_id: str | None = None) -> Self:
        converters = cls._converters
        if converters is None:
            converters = cls._converters = _converters_for(cls)
        known: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            convert = converters.get(key)
            if convert is None:
                extra[key] = value
            else:
                known[key] = convert(value)
        try:
            model = cls(**known)
        except TypeError as error:  # a required field (``id``) is missing
            raise DialStackAPIError(
                f"DialStack sent a {cls.__name__} the SDK cannot read: {error}",
                request_id=request_id,
                raw=dict(data),
            ) from None
        set_attribute = object.__setattr__
        set_attribute(model, "_wire", data)
        if extra:
            set_attribute(model, "extra", MappingProxyType(extra))
        if request_id is not None:
            set_attribute(model, "request_id", request_id)
        return model

    def to_dict(self) -> dict[str, Any]:
        """The object as JSON-ready data: exactly what the API sent, if it came from the API."""
        if self._wire is not None:
            return copy.deepcopy(dict(self._wire))
        data: dict[str, Any] = {}
        for item in dataclasses.fields(self):  # type: ignore[arg-type]
            data[item.name] = _to_json(getattr(self, item.name))
        data.update(self.extra)
        return data

    def __repr__(self) -> str:
        shown: list[str] = []
        for item in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            if value is None:
                continue
            text = "'…'" if item.metadata.get(_HIDDEN) else repr(value)
            shown.append(f"{item.name}={text}")
        if self.extra:
            shown.append(f"extra={dict(self.extra)!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _to_json(value: Any) -> Any:
    if isinstance(value, DialStackModel):
        return value.to_dict()
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


def _converters_for(cls: type[DialStackModel]) -> dict[str, Callable[[Any], Any]]:
    """Per field, how its JSON value becomes the typed value (worked out once per class)."""
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    converters: dict[str, Callable[[Any], Any]] = {}
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        converters[item.name] = _converter(hints[item.name])
    return converters


def _identity(value: Any) -> Any:
    return value


def _converter(hint: Any) -> Callable[[Any], Any]:
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        options = [arg for arg in typing.get_args(hint) if arg is not NoneType]
        hint = options[0] if len(options) == 1 else Any
    if hint is datetime:
        return parse_timestamp
    if isinstance(hint, type) and issubclass(hint, DialStackModel):
        nested = hint

        def to_model(value: Any) -> Any:
            found = as_object(value)
            return value if found is None else nested.from_wire(found)

        return to_model
    return _identity


class Address(DialStackModel):
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    address_number: str | None = None
    unit: str | None = None


class Pricing(DialStackModel):
    """Prices in cents."""

    per_user_rate: int | None = None
    per_did_rate: int | None = None
    per_voiceai_location_rate: int | None = None


class AccountConfig(DialStackModel):
    region: str | None = None
    extension_length: int | None = None
    transcription_enabled: bool | None = None
    recording_enabled: bool | None = None
    redaction_enabled: bool | None = None
    timezone: str | None = None
    default_agent_visible: bool | None = None


class Account(DialStackModel):
    id: str
    object: str | None = None
    email: str | None = None
    primary_contact_name: str | None = None
    address: Address | None = None
    pricing: Pricing | None = None
    config: AccountConfig | None = None
    hold_music_clip_id: str | None = None
    main_location_id: str | None = None
    default_button_template: Any = None
    tos_status: str | None = None
    tos_accepted_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class UserConfig(DialStackModel):
    mobile_push_wakeup: bool | None = None


class User(DialStackModel):
    id: str
    object: str | None = None
    account_id: str | None = None
    name: str | None = None
    email: str | None = None
    do_not_disturb: bool | None = None
    config: UserConfig | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class AccountSession(DialStackModel):
    """A short-lived token for the embedded browser components of one account."""

    object: str | None = None
    account_id: str | None = None
    client_secret: str | None = secret_field()
    """The bearer token the browser components use: hand it to your frontend, log it nowhere."""
    expires_at: datetime | None = None
    created_at: datetime | None = None


AccountSessionCreateResponse = AccountSession
