"""Fault rules: data that says how the next matching requests of one tenant misbehave.

A rule matches a method (or "*") and a path glob (``fnmatch``: "/v1/users/*"), fires for the
next ``times`` matching requests of its tenant, then is gone; the first rule added that
matches is the one that fires. Rules of one key never fire for another, so tests running in
parallel against one emulator do not disturb each other.
"""

import fnmatch
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, TypeVar, cast

from .errors import TooManyFaultRules, UnknownParameter, ValidationFailed

_T = TypeVar("_T")

MAX_FAULT_DELAY = 60.0  # s: longer than any sane client timeout in a test
MAX_RULES = 1000  # in all, every tenant's together: rules are consumed, tests add a few
MAX_FAULT_BODY_BYTES = 64 * 1024
MAX_HEADER_VALUE_LENGTH = 8 * 1024
_MAX_NAME_LENGTH = 256  # a header name, a method
_MAX_PATH_LENGTH = 2048
_MAX_TIMES = 1_000_000
# RFC 9110: a header name is a token; a value is visible Latin-1 text with inner spaces.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_VALUE = re.compile(r"(?:[!-~\x80-\xff]+(?:[ \t]+[!-~\x80-\xff]+)*)?")
# The emulator frames every answer itself: a rule that set these would break the connection.
_FRAMING_HEADERS = frozenset(
    {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer"}
)

_ACTIONS = ("status", "delay", "drop", "drop_after_commit")


@dataclass
class FaultRule:
    id: str
    method: str
    path: str
    times: int
    """How many more matching requests this rule fires for."""
    status: int | None = None
    body: Any = None
    headers: dict[str, str] | None = None
    retry_after: int | str | None = None
    delay: float | None = None
    drop: bool = False
    drop_after_commit: bool = False

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and fnmatch.fnmatchcase(path, self.path)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def answers_early(self) -> bool:
        """Answers (or drops) without running the handler."""
        return self.status is not None or self.drop


class FaultBook:
    def __init__(self, new_id: Callable[[], str]) -> None:
        self._new_id = new_id
        self._rules: dict[str, list[FaultRule]] = {}

    def add(self, tenant: str, spec: dict[str, Any]) -> FaultRule:
        """Validate a rule as posted to ``/_emulator/faults`` and queue it.

        Raises:
            ValidationFailed, UnknownParameter: the rule is not one we can follow.
            TooManyFaultRules: ``MAX_RULES`` are waiting already.
        """
        if sum(len(rules) for rules in self._rules.values()) >= MAX_RULES:
            raise TooManyFaultRules(
                f"{MAX_RULES} fault rules are waiting to fire: clear some before adding more"
            )
        rule = parse_rule(self._new_id(), spec)
        self._rules.setdefault(tenant, []).append(rule)
        return rule

    def take(self, tenant: str, method: str, path: str) -> FaultRule | None:
        """The rule that fires for this request, if any; it counts as fired."""
        rules = self._rules.get(tenant)
        if not rules:
            return None
        for rule in rules:
            if rule.matches(method, path):
                rule.times -= 1
                if rule.times == 0:
                    rules.remove(rule)
                return rule
        return None

    def remaining(self, tenant: str | None) -> list[FaultRule]:
        if tenant is not None:
            return list(self._rules.get(tenant, ()))
        return [rule for rules in self._rules.values() for rule in rules]

    def clear(self, tenant: str | None) -> None:
        if tenant is None:
            self._rules.clear()
        else:
            self._rules.pop(tenant, None)


def parse_rule(rule_id: str, spec: dict[str, Any]) -> FaultRule:
    known = {
        "method",
        "path",
        "times",
        "status",
        "body",
        "headers",
        "retry_after",
        "delay",
        "drop",
        "drop_after_commit",
        "api_key",
    }
    for key in spec:
        if key not in known:
            raise UnknownParameter(key)
    method = _typed(spec, "method", str, "*").upper()
    if method != "*" and (len(method) > _MAX_NAME_LENGTH or _TOKEN.fullmatch(method) is None):
        raise ValidationFailed("method", "method must be an HTTP method, or *")
    path = _typed(spec, "path", str, "*")
    if len(path) > _MAX_PATH_LENGTH:
        raise ValidationFailed("path", f"path must be at most {_MAX_PATH_LENGTH} characters")
    times = _typed(spec, "times", int, 1)
    if not 1 <= times <= _MAX_TIMES:
        raise ValidationFailed("times", f"times must be between 1 and {_MAX_TIMES}")
    status = _typed(spec, "status", int, None)
    if status is not None and not 200 <= status <= 599:
        raise ValidationFailed("status", "status must be between 200 and 599")
    _check_body(spec.get("body"))
    headers = _headers(spec.get("headers"))
    retry_after = spec.get("retry_after")
    if retry_after is not None and (
        isinstance(retry_after, bool)
        or not isinstance(retry_after, int | str)
        or (isinstance(retry_after, int) and not 0 <= retry_after <= 10**9)
        or (isinstance(retry_after, str) and not _is_header_value(retry_after))
    ):
        raise ValidationFailed("retry_after", "retry_after must be seconds or an HTTP date")
    delay = spec.get("delay")
    if delay is not None and (
        isinstance(delay, bool)
        or not isinstance(delay, int | float)
        or not 0 <= delay <= MAX_FAULT_DELAY
    ):
        raise ValidationFailed(
            "delay", f"delay must be a number of seconds, 0 to {MAX_FAULT_DELAY:g}"
        )
    drop = _typed(spec, "drop", bool, False)
    drop_after_commit = _typed(spec, "drop_after_commit", bool, False)
    chosen = [name for name in _ACTIONS if spec.get(name) not in (None, False)]
    if not chosen:
        raise ValidationFailed("status", f"a fault needs one of {', '.join(_ACTIONS)}")
    if sum(1 for name in ("status", "drop", "drop_after_commit") if name in chosen) > 1:
        raise ValidationFailed("status", "choose one of status, drop, drop_after_commit")
    return FaultRule(
        id=rule_id,
        method=method,
        path=path,
        times=times,
        status=status,
        body=spec.get("body"),
        headers=headers,
        retry_after=retry_after,
        delay=None if delay is None else float(delay),
        drop=drop,
        drop_after_commit=drop_after_commit,
    )


def _typed(spec: dict[str, Any], name: str, kind: type[_T], default: _T) -> _T:
    value = spec.get(name)
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValidationFailed(name, f"{name} must be of type {kind.__name__}")
    return value


def _headers(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValidationFailed("headers", "headers must be an object")
    headers: dict[str, str] = {}
    for name, header in cast("dict[object, object]", value).items():
        if not isinstance(name, str) or not isinstance(header, str):
            raise ValidationFailed("headers", "headers must map names to string values")
        if len(name) > _MAX_NAME_LENGTH or _TOKEN.fullmatch(name) is None:
            raise ValidationFailed("headers", "a header name must be an HTTP token")
        if name.lower() in _FRAMING_HEADERS:
            raise ValidationFailed("headers", f"{name} is set by the emulator, not by a rule")
        if not _is_header_value(header):
            raise ValidationFailed(
                f"headers.{name}",
                "a header value must be Latin-1 text without control characters (CR, LF, NUL)"
                f" or outer spaces, at most {MAX_HEADER_VALUE_LENGTH} characters",
            )
        headers[name] = header
    return headers


def _is_header_value(value: str) -> bool:
    return len(value) <= MAX_HEADER_VALUE_LENGTH and _HEADER_VALUE.fullmatch(value) is not None


def _check_body(body: Any) -> None:
    """A body the rule answers with: text, or JSON the emulator can write, within a bound."""
    if body is None:
        return
    size = len(body.encode()) if isinstance(body, str) else len(json.dumps(body).encode())
    if size > MAX_FAULT_BODY_BYTES:
        raise ValidationFailed("body", f"body must be at most {MAX_FAULT_BODY_BYTES} bytes")
