"""Typed response objects: frozen, keeping every field the API sent and the request id.

A model is a frozen, dataclass-like object whose known fields are typed attributes; fields this SDK
version does not know stay reachable in ``extra`` and in ``to_dict()``, which gives back
the JSON exactly as it arrived. ``request_id`` names the response the object came from.
"""

from __future__ import annotations

import copy
import sys
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType, NoneType, UnionType
from typing import Any, ClassVar, Self, dataclass_transform

from ._errors import DialStackAPIError
from ._json import as_object

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class _Hidden:
    """Marks a field whose value never appears in a repr (see ``secret_field``)."""

    __slots__ = ()


def secret_field() -> Any:
    """A field, None by default, whose value never appears in a repr."""
    return _Hidden()


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
    """Base of every response object: frozen, keyword-constructed, compared by field.

    Dataclass semantics, declared to type checkers with ``dataclass_transform``, without
    ``dataclasses`` itself: its per-class code generation would dominate import time.
    """

    extra: Mapping[str, Any] = _EMPTY
    """Fields the API sent that this SDK version has no attribute for."""
    request_id: str | None = None
    """The ``X-Request-Id`` of the response this object came from: quote it to support."""
    _wire: Mapping[str, Any] | None = None
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _hidden: ClassVar[frozenset[str]] = frozenset()
    _converters: ClassVar[dict[str, Callable[[Any], Any]] | None] = None
    _known: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields, defaults, hidden = list(cls._fields), dict(cls._defaults), set(cls._hidden)
        for name, annotation in cls.__annotations__.items():  # this class's own (3.10+)
            if str(annotation).startswith("ClassVar"):
                continue
            fields.append(name)
            if name in cls.__dict__:
                default = cls.__dict__[name]
                if isinstance(default, _Hidden):
                    hidden.add(name)
                    default = None
                    setattr(cls, name, None)
                defaults[name] = default
        cls._fields, cls._defaults, cls._hidden = tuple(fields), defaults, frozenset(hidden)
        cls._known = frozenset(fields)
        cls._converters = None

    def __init__(self, **values: Any) -> None:
        state = self.__dict__
        for name in self._fields:
            if name in values:
                state[name] = values.pop(name)
            elif name in self._defaults:
                state[name] = self._defaults[name]
            else:
                raise TypeError(f"{type(self).__name__}() is missing the argument {name!r}")
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected argument(s) {sorted(values)}")

    @classmethod
    def from_wire(cls, data: Mapping[str, Any], request_id: str | None = None) -> Self:
        """The object from its JSON, as the API sent it."""
        converters = cls._converters
        if converters is None:
            hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
            found = {name: _converter(hints[name]) for name in cls._fields}
            # Only fields whose JSON needs converting; the rest are taken as they are.
            converters = {name: f for name, f in found.items() if f is not _identity}
            cls._converters = converters
        model = cls.__new__(cls)
        state = model.__dict__
        state.update(cls._defaults)
        known = cls._known
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key in known:
                state[key] = value
            else:
                extra[key] = value
        for key, convert in converters.items():
            value = state.get(key)
            if value is not None:
                state[key] = convert(value)
        missing = [name for name in cls._fields if name not in state]
        if missing:
            raise DialStackAPIError(
                f"DialStack sent a {cls.__name__} without {', '.join(missing)}",
                request_id=request_id,
                raw=dict(data),
            )
        state["_wire"] = data
        if extra:
            state["extra"] = MappingProxyType(extra)
        if request_id is not None:
            state["request_id"] = request_id
        return model

    def to_dict(self) -> dict[str, Any]:
        """The object as JSON-ready data: exactly what the API sent, if it came from the API."""
        if self._wire is not None:
            return copy.deepcopy(dict(self._wire))
        data = {name: _to_json(getattr(self, name)) for name in self._fields}
        data.update(self.extra)
        return data

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, DialStackModel)
        return self._values() == other._values() and dict(self.extra) == dict(other.extra)

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown: list[str] = []
        for name in self._fields:
            value = getattr(self, name)
            if value is not None:
                shown.append(f"{name}='…'" if name in self._hidden else f"{name}={value!r}")
        if self.extra:
            shown.append(f"extra={dict(self.extra)!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _to_json(value: Any) -> Any:
    if isinstance(value, DialStackModel):
        return value.to_dict()
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


def _identity(value: Any) -> Any:
    return value


def _converter(hint: Any) -> Callable[[Any], Any]:
    """How a field's JSON value becomes its typed value."""
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
