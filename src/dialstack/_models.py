"""The base of every response object: a frozen dict of the wire JSON, with typed attributes.

A model *is* the JSON the API sent (a ``dict`` subclass that refuses changes), so
``json.dumps(model)``, ``dict(model)`` and a web framework returning it (FastAPI's
``jsonable_encoder``) give exactly that JSON, with no SDK internals. Its typed view is in
attributes: ``account.created_at`` is a ``datetime``, ``account.config`` an ``AccountConfig``
(itself a model, and the same object as ``account["config"]``). Fields this SDK version does
not know stay in the mapping and in ``extra``.

Each generated model lists its fields in ``_fields_`` (``Field`` with a converter). Reading an
answer (``from_wire``) converts each field once. The reader is tolerant: an answer of an
unexpected shape never fails the call. A field that is missing, or whose value does not fit
(wrong type, malformed timestamp, NaN), raises ``DialStackFieldError`` (an ``AttributeError``
naming the model, the field, what was sent and the request id) when it is read, so
``getattr(obj, name, default)`` works and the other fields still read. A client made with
``strict_response_validation=True`` instead refuses such an answer at once with a
``DialStackAPIError`` (our own test suite runs so against the emulator).

A field name that is a ``dict`` method (``items``, ``values``, ...) is spelled with a trailing
``_`` as an attribute (``order.items_``); the mapping keeps the wire name.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    NamedTuple,
    NoReturn,
    Self,
    cast,
    dataclass_transform,
)

from ._errors import UNREADABLE_RESPONSE, DialStackAPIError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic_core import CoreSchema

# Set by the client around reading one answer: whether a field that does not fit refuses the
# whole answer (strict_response_validation) and which request the answer belongs to (nested
# models are converted without it being passed down).
_STRICT: ContextVar[bool] = ContextVar("dialstack_strict_reading", default=False)
_REQUEST_ID: ContextVar[str | None] = ContextVar("dialstack_reading_request", default=None)


@contextmanager
def reading(*, strict: bool) -> Generator[None]:
    """Models read in this block refuse an unfitting field at once when ``strict``."""
    token = _STRICT.set(strict)
    try:
        yield
    finally:
        _STRICT.reset(token)


class DialStackFieldError(DialStackAPIError, AttributeError):
    """A field the API's answer lacks, or sent in a form this SDK cannot use, was read.

    The call itself succeeded (the SDK reads answers tolerantly); only this field is
    unreadable. ``getattr(obj, name, default)`` and ``hasattr`` treat it as absent.

    Attributes (besides ``DialStackAPIError``'s): ``model`` (the class name), ``field`` (the
    wire name, dotted from the model read), ``expected`` (what the SDK can read) and ``sent``
    (the value as it came; ``raw`` too).
    """

    def __init__(
        self, model: str, field: str, expected: str, sent: object, request_id: str | None
    ) -> None:
        problem = (
            "without it"
            if expected == "present"
            else f"as {_kind(sent)}, where it must be {expected}"
        )
        super().__init__(
            f"{model}.{field} cannot be read: DialStack sent the {model} {problem}",
            code=UNREADABLE_RESPONSE,
            request_id=request_id,
            raw=sent,
        )
        self.model = model
        self.field = field
        self.expected = expected
        self.sent = sent
        self.name = field


class _Mismatch(Exception):
    """A value does not fit its field; ``path`` grows as the error climbs out of models."""

    def __init__(self, expected: str, value: object, path: tuple[str, ...] = ()) -> None:
        super().__init__(expected)
        self.expected = expected
        self.value = value
        self.path = path


class Converter:
    """Turns a field's JSON value into its typed value, or raises ``_Mismatch``.

    ``keeps_json``: the typed value serializes to the same JSON (models, strings, numbers),
    so the model's mapping may hold it in place of the raw value. ``as_is``: values of exactly
    these types are their own typed value (no call needed: the common case, kept fast).
    """

    __slots__ = ("as_is", "convert", "expected", "keeps_json")

    def __init__(
        self,
        expected: str,
        convert: Callable[[Any], Any],
        *,
        keeps_json: bool = True,
        as_is: tuple[type, ...] = (),
    ) -> None:
        self.expected = expected
        self.convert = convert
        self.keeps_json = keeps_json
        self.as_is = frozenset(as_is)

    def __call__(self, value: Any) -> Any:
        return self.convert(value)


def _fail(expected: str, value: object) -> NoReturn:
    raise _Mismatch(expected, value)


def _string(value: Any) -> Any:
    return value if type(value) is str else _fail("a string", value)


def _integer(value: Any) -> Any:
    return value if type(value) is int else _fail("an integer", value)


def _number(value: Any) -> Any:
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return value
    return _fail("a finite number", value)


def _boolean(value: Any) -> Any:
    return value if type(value) is bool else _fail("a boolean", value)


def _object(value: object) -> Any:
    return cast("dict[str, Any]", value) if isinstance(value, dict) else _fail("an object", value)


def parse_timestamp(value: Any) -> datetime:
    """An ISO 8601 string (``Z`` or an offset; none means UTC) as an aware datetime."""
    if type(value) is not str or len(value) > 64:
        _fail("an ISO 8601 timestamp", value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        _fail("an ISO 8601 timestamp", value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


_ALL_JSON = (str, int, float, bool, type(None), dict, list)
STRING = Converter("a string", _string, as_is=(str,))
INTEGER = Converter("an integer", _integer, as_is=(int,))
NUMBER = Converter("a finite number", _number, as_is=(int,))
BOOLEAN = Converter("a boolean", _boolean, as_is=(bool,))
OBJECT = Converter("an object", _object, as_is=(dict,))
ANY = Converter("any JSON value", lambda value: value, as_is=_ALL_JSON)
DATETIME = Converter("an ISO 8601 timestamp", parse_timestamp, keeps_json=False)


def nullable(inner: Converter) -> Converter:
    convert = inner.convert
    return Converter(
        f"{inner.expected} or null",
        lambda value: None if value is None else convert(value),
        keeps_json=inner.keeps_json,
        as_is=(*inner.as_is, type(None)),
    )


def list_of(inner: Converter) -> Converter:
    convert = inner.convert

    def items(value: object) -> Any:
        if not isinstance(value, list):
            _fail(f"a list of {inner.expected}", value)
        converted: list[Any] = []
        for index, item in enumerate(cast("list[Any]", value)):  # type: ignore[redundant-cast]
            try:
                converted.append(convert(item))
            except _Mismatch as error:
                raise _Mismatch(error.expected, error.value, (f"[{index}]", *error.path)) from None
        return converted

    return Converter(f"a list of {inner.expected}", items, keeps_json=inner.keeps_json)


def dict_of(inner: Converter) -> Converter:
    convert = inner.convert

    def entries(value: object) -> Any:
        if not isinstance(value, dict):
            _fail("an object", value)
        converted: dict[str, Any] = {}
        for key, item in cast("dict[str, Any]", value).items():
            try:
                converted[key] = convert(item)
            except _Mismatch as error:
                raise _Mismatch(error.expected, error.value, (key, *error.path)) from None
        return converted

    return Converter(f"an object of {inner.expected}", entries, keeps_json=inner.keeps_json)


def one_of(*options: Converter) -> Converter:
    """The first option that fits (``str | PhoneNumberRef``: an id, or the expanded object)."""
    expected = " or ".join(option.expected for option in options)
    converts = [option.convert for option in options]

    def first(value: Any) -> Any:
        for convert in converts:
            try:
                return convert(value)
            except _Mismatch:
                continue
        return _fail(expected, value)

    return Converter(expected, first, keeps_json=all(o.keeps_json for o in options))


def ref(module: str, name: str) -> Converter:
    """A nested model, found by name on first use (models may refer to each other)."""
    found: list[type[DialStackModel]] = []

    def nested(value: Any) -> Any:
        if not found:
            found.append(getattr(importlib.import_module(module), name))
        return found[0].convert(value)

    return Converter(f"a {name} object", nested)


_ABSENT: Any = object()


class _Step(NamedTuple):
    """A field as ``_fill`` reads it: everything looked up once per class."""

    name: str
    key: str
    convert: Callable[[Any], Any]
    as_is: frozenset[type]
    keeps_json: bool
    required: bool
    aliases: tuple[str, ...]


class Field(NamedTuple):
    """One field of a model, as generated from the API description."""

    name: str
    """The attribute."""
    convert: Converter
    wire: str | None = None
    """The JSON key, when it is not ``name`` (``items`` for ``items_``)."""
    required: bool = True
    """Always sent by the API; when False the field may be absent (its attribute is None)."""
    aliases: tuple[str, ...] = ()
    """Older spellings read when the key itself is absent (``did_id`` for ``did``)."""
    secret: bool = False
    """Never shown in a repr."""


def _no_changes(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError(f"{type(self).__name__} is frozen: it cannot be changed")


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=())
class DialStackModel(dict[str, Any]):
    """Base of every response object: the wire JSON as a frozen dict, typed as attributes.

    ``model == other`` compares the JSON (and the class); ``hash``, ``pickle`` and ``copy``
    work; ``repr`` shows the typed fields and never a secret one.
    """

    _fields_: ClassVar[tuple[Field, ...]] = ()
    _names: ClassVar[frozenset[str]] = frozenset()
    """Every wire key the model knows (aliases included)."""
    _plan: ClassVar[tuple[_Step, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        known: set[str] = set()
        for spec in cls._fields_:
            known.add(spec.wire or spec.name)
            known.update(spec.aliases)
        cls._names = frozenset(known)
        # A field's value lives in the instance only: with no class attribute (the ``= None``
        # of an optional field) to fall back on, an unreadable field reaches ``__getattr__``.
        # A property of the same name (a computed field) stays.
        for spec in cls._fields_:
            if spec.name in cls.__dict__ and cls.__dict__[spec.name] is None:
                delattr(cls, spec.name)
        cls._plan = tuple(
            _Step(
                spec.name,
                spec.wire or spec.name,
                spec.convert.convert,
                spec.convert.as_is,
                spec.convert.keeps_json,
                spec.required,
                spec.aliases,
            )
            for spec in cls._fields_
        )

    def __init__(self, **values: Any) -> None:
        """A model built in code (tests, fixtures): typed values in, the JSON made from them."""
        wire: dict[str, Any] = {}
        for spec in self._fields_:
            if spec.name in values:
                wire[spec.wire or spec.name] = _to_json(values.pop(spec.name))
            elif spec.required:
                raise TypeError(f"{type(self).__name__}() is missing the argument {spec.name!r}")
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected argument(s) {sorted(values)}")
        try:
            self._fill(wire, None, strict=True)
        except _Mismatch as error:
            field = ".".join(error.path)
            raise TypeError(
                f"{type(self).__name__}(): {field} must be {error.expected}, "
                f"got {type(error.value).__name__}"
            ) from None

    @classmethod
    def from_wire(cls, data: object, request_id: str | None = None) -> Self:
        """The object from the API's JSON (any decoded value).

        Tolerant: a field that does not fit raises ``DialStackFieldError`` when read. Inside
        ``reading(strict=True)`` any such field refuses the whole answer with a
        ``DialStackAPIError`` instead.
        """
        if not _STRICT.get() and not isinstance(data, dict):
            return cls._unreadable_whole(data, request_id)
        token = _REQUEST_ID.set(request_id)
        try:
            return cls.convert(cast("object", data), request_id)  # type: ignore[redundant-cast]
        except _Mismatch as error:
            if error.path:
                problem = (
                    f"without {'.'.join(error.path)}"
                    if error.expected == "present"
                    else f"whose {'.'.join(error.path)} is not {error.expected} "
                    f"(got {_kind(error.value)})"
                )
            else:
                problem = f"that is not an object (got {_kind(error.value)})"
            article = "an" if cls.__name__[:1] in "AEIOU" else "a"
            raise DialStackAPIError(
                f"DialStack sent {article} {cls.__name__} {problem}",
                code=UNREADABLE_RESPONSE,
                request_id=request_id,
                raw=data,
            ) from None
        finally:
            _REQUEST_ID.reset(token)

    @classmethod
    def _unreadable_whole(cls, data: object, request_id: str | None) -> Self:
        """An answer that is no object at all: every field raises, naming what was sent."""
        model = dict.__new__(cls)
        model.__dict__["_request_id"] = request_id
        model.__dict__["_unreadable"] = {
            spec.name: _Mismatch("an object", data) for spec in cls._fields_
        }
        return model

    @classmethod
    def convert(cls, data: object, request_id: str | None = None) -> Self:
        """As ``from_wire``, raising the internal mismatch (for models nested in models)."""
        if isinstance(data, cls):
            return data
        if not isinstance(data, dict):
            _fail("an object", data)
        model = dict.__new__(cls)
        model._fill(
            cast("dict[str, Any]", data),
            _REQUEST_ID.get() if request_id is None else request_id,
            strict=_STRICT.get(),
        )
        return model

    def _fill(self, data: dict[str, Any], request_id: str | None, *, strict: bool) -> None:
        state = self.__dict__
        super().update(data)
        get = data.get
        unreadable: dict[str, _Mismatch] = {}
        for name, key, convert, as_is, keeps_json, required, aliases in self._plan:
            raw = get(key, _ABSENT)
            if raw is _ABSENT:
                for alias in aliases:
                    if alias in data:
                        raw = data[alias]
                        break
                else:
                    if required:
                        if strict:
                            raise _Mismatch("present", None, (key,))
                        unreadable[name] = _Mismatch("present", None, (key,))
                        continue
                    state[name] = None
                    continue
            if type(raw) in as_is:
                state[name] = raw
                continue
            try:
                value = convert(raw)
            except _Mismatch as error:
                mismatch = _Mismatch(error.expected, error.value, (key, *error.path))
                if strict:
                    raise mismatch from None
                unreadable[name] = mismatch
                continue
            except RecursionError:
                if strict:
                    raise _Mismatch("nested less deeply", raw, (key,)) from None
                unreadable[name] = _Mismatch("nested less deeply", raw, (key,))
                continue
            state[name] = value
            if keeps_json and key in data:
                super().__setitem__(key, value)
        state["_request_id"] = request_id
        if unreadable:
            state["_unreadable"] = unreadable

    if not TYPE_CHECKING:  # a checker would let any attribute through a __getattr__

        def __getattr__(self, name: str) -> Any:
            # Only reached for a name the instance lacks: an unreadable field, or none at all.
            mismatch = self.__dict__.get("_unreadable", {}).get(name)
            if mismatch is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            field = ".".join(mismatch.path) or name
            raise DialStackFieldError(
                type(self).__name__, field, mismatch.expected, mismatch.value, self.request_id
            )

    @property
    def request_id(self) -> str | None:
        """The ``X-Request-Id`` of the response this object came from: quote it to support."""
        return cast("str | None", self.__dict__.get("_request_id"))

    @property
    def extra(self) -> dict[str, Any]:
        """Fields the API sent that this SDK version has no attribute for."""
        names = self._names
        return {key: value for key, value in self.items() if key not in names}

    def to_dict(self) -> dict[str, Any]:
        """A deep, plain copy of the JSON (``dict(model)`` is the shallow one)."""
        return cast("dict[str, Any]", _plain(self))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """The model as pydantic (and so FastAPI) sees it: a route annotated ``-> Account``
        takes an ``Account`` (or its JSON) and answers the wire JSON.

        Only pydantic calls this, so the SDK imports pydantic only where it is in use.
        """
        from pydantic_core import core_schema  # noqa: PLC0415 - pydantic is already loaded

        return core_schema.no_info_plain_validator_function(
            cls.from_wire,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _plain, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        """An object with the model's fields (the API's types), for FastAPI's OpenAPI."""
        return {
            "type": "object",
            "title": cls.__name__,
            "description": (cls.__doc__ or "").strip() or f"A {cls.__name__} as the API sends it.",
            "properties": {spec.wire or spec.name: {} for spec in cls._fields_},
            "required": [spec.wire or spec.name for spec in cls._fields_ if spec.required],
        }

    # Frozen: the mapping is the JSON as it arrived.
    __setitem__ = _no_changes
    __delitem__ = _no_changes
    __ior__ = _no_changes
    clear = _no_changes
    pop = _no_changes
    popitem = _no_changes
    setdefault = _no_changes
    update = _no_changes

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DialStackModel) and type(other) is not type(self):
            return False
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:  # type: ignore[override]
        # Top-level scalars only: equal models hash alike, and deep data costs nothing.
        scalars = tuple(
            sorted(
                (key, value)
                for key, value in self.items()
                if value is None or type(value) in (str, int, bool)
            )
        )
        return hash((type(self).__qualname__, scalars))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), dict(self), self.request_id))

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def __repr__(self) -> str:
        shown: list[str] = []
        for spec in self._fields_:
            value = self.__dict__.get(spec.name)
            if value is not None:
                shown.append(f"{spec.name}='…'" if spec.secret else f"{spec.name}={value!r}")
        extra = self.extra
        if extra:
            shown.append(f"extra={extra!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    __str__ = __repr__


def _restore(cls: type[DialStackModel], data: dict[str, Any], request_id: str | None) -> Any:
    return cls.convert(data, request_id)


def _kind(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, str):
        return "a string" if len(value) > 40 else repr(value)
    names: dict[type[object], str] = {
        dict: "an object",
        list: "an array",
        type(None): "null",
        bool: "a boolean",
    }
    return names.get(type(value), type(value).__name__)


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, list):
        return [_to_json(item) for item in cast("Iterable[Any]", value)]
    return value


def _plain(value: object) -> Any:
    """A deep copy of JSON data as plain dicts and lists, without recursion."""
    if not isinstance(value, dict | list):
        return value
    root: Any = {} if isinstance(value, dict) else []
    stack: list[tuple[object, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        pairs: Iterable[tuple[Any, Any]] = (
            cast("dict[Any, Any]", source).items()  # type: ignore[redundant-cast]
            if isinstance(source, dict)
            else enumerate(cast("list[Any]", source))
        )
        for key, item in pairs:
            copied: Any = item
            if isinstance(item, dict | list):
                copied = {} if isinstance(item, dict) else []
                stack.append((cast("object", item), copied))
            if isinstance(target, dict):
                target[key] = copied
            else:
                target.append(copied)
    return root
