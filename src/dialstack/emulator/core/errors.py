"""Domain errors and how each appears on the wire: ``(status, body)`` from one table.

Every error body is the API's shape 1: ``{"error": message, "code": code, "details": {...}}``.
Injected faults may answer the other two shapes; that is the test's choice, not ours.
"""

from http import HTTPStatus
from typing import Any


class EmulatorError(Exception):
    """An answer the API would give: a machine code, a human message, and details."""

    code = "internal_error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class AuthenticationRequired(EmulatorError):
    code = "authentication_required"


class InvalidApiKey(EmulatorError):
    code = "invalid_api_key"


class ValidationFailed(EmulatorError):
    """A missing field, or a value of the wrong type or format."""

    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, {"field": field})


class UnknownParameter(EmulatorError):
    code = "parameter_unknown"

    def __init__(self, field: str) -> None:
        super().__init__(f"Received unknown parameter: {field}", {"field": field})


class InvalidJson(EmulatorError):
    code = "invalid_json"


class MissingAccountHeader(EmulatorError):
    code = "missing_account_header"


class InvalidPagination(EmulatorError):
    code = "invalid_pagination"


class IdempotencyKeyReused(EmulatorError):
    code = "idempotency_key_reused"


class IdempotencyKeyInUse(EmulatorError):
    code = "idempotency_key_in_use"


class DuplicateEmail(EmulatorError):
    code = "duplicate_email"


class SemanticallyInvalid(EmulatorError):
    """Well-formed but not acceptable: the API answers 422 with ``validation_error``."""

    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, {"field": field})


class ComponentNotEnabled(EmulatorError):
    """An account session's token on a route none of its components calls."""

    code = "component_not_enabled"


class ResourceMissing(EmulatorError):
    code = "resource_missing"

    def __init__(self, kind: str, object_id: str, message: str | None = None) -> None:
        super().__init__(message or f"No such {kind}: '{object_id}'", {"id": object_id})


class RouteMissing(EmulatorError):
    code = "route_missing"


class MethodNotAllowed(EmulatorError):
    code = "method_not_allowed"

    def __init__(self, message: str, allowed: tuple[str, ...]) -> None:
        super().__init__(message)
        self.allowed = allowed


class Forbidden(EmulatorError):
    """The request may not be served here: a control call from another machine, a ``Host``
    or ``Origin`` this emulator does not answer (DNS rebinding, cross-site requests)."""

    code = "forbidden"


class UnsupportedMediaType(EmulatorError):
    code = "unsupported_media_type"


class RequestTooLarge(EmulatorError):
    code = "request_too_large"


class UrlTooLong(EmulatorError):
    code = "url_too_long"


class ClientGone(EmulatorError):
    """Nobody is left to answer: the status is only what the log shows."""

    code = "client_closed_request"


class Conflict(EmulatorError):
    """The request clashes with the state it would change: a 409 whose code names the clash
    (``extension_taken``, ``call_not_active``, ``tos_version_stale``)."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message, details)
        self.code = code


class TooManyFaultRules(EmulatorError):
    code = "too_many_fault_rules"


class RateLimited(EmulatorError):
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many requests: retry after {retry_after} s")
        self.retry_after = retry_after


class InternalError(EmulatorError):
    code = "internal_error"


_STATUS: dict[type[EmulatorError], int] = {
    AuthenticationRequired: 401,
    InvalidApiKey: 401,
    ValidationFailed: 400,
    UnknownParameter: 400,
    InvalidJson: 400,
    MissingAccountHeader: 400,
    InvalidPagination: 400,
    IdempotencyKeyReused: 400,
    Forbidden: 403,
    ComponentNotEnabled: 403,
    RouteMissing: 404,
    ResourceMissing: 404,
    MethodNotAllowed: 405,
    ClientGone: 499,  # nginx's "client closed request": never sent, only logged
    IdempotencyKeyInUse: 409,
    DuplicateEmail: 409,
    Conflict: 409,
    TooManyFaultRules: 409,
    RequestTooLarge: 413,
    UrlTooLong: 414,
    UnsupportedMediaType: 415,
    SemanticallyInvalid: 422,
    RateLimited: 429,
    InternalError: 500,
}

# Codes for a status an injected fault answers without a body of its own.
_FAULT_CODES = {429: "rate_limited", 500: "internal_error"}


def status_of(error: EmulatorError) -> int:
    return _STATUS[type(error)]


def body_of(error: EmulatorError) -> dict[str, Any]:
    return {"error": error.message, "code": error.code, "details": error.details}


def fault_body(status: int) -> dict[str, Any]:
    """The shape-1 body an injected status answers when the rule gives none."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Injected fault"
    code = _FAULT_CODES.get(status, phrase.lower().replace(" ", "_").replace("-", "_"))
    return {"error": f"{phrase} (injected by the emulator)", "code": code, "details": {}}
