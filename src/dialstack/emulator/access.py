"""Which credential may call which ``/v1`` route, beyond the secret key's "everything".

The embedded browser components call the API with their account session's
``client_secret`` as the bearer and no ``DialStack-Account`` header. Such a token works only
on the routes its enabled components call (surface.md §6; anything else is 403
``component_not_enabled``), names its account itself (a header naming another account is a
403 too), and is refused with 401 once expired by the tenant's clock. A test helper refuses a
live key with 400, as the API does.
"""

import base64
import binascii
import hashlib
import hmac
import json
import re
from typing import Any, cast

from .errors import ComponentNotEnabled, InvalidApiKey, ValidationFailed
from .runtime import Runtime
from .store_calls import CallStore

_ID = r"[^/]+"
_COMPONENT_ROUTES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "call_logs": (("GET", re.compile(r"/v1/calls")),),
    "call_history": (("GET", re.compile(r"/v1/calls")),),
    "voicemails": (
        ("GET", re.compile(r"/v1/voicemails")),
        ("POST", re.compile(rf"/v1/voicemails/{_ID}")),
        ("DELETE", re.compile(rf"/v1/voicemails/{_ID}")),
        ("GET", re.compile(rf"/v1/voicemails/{_ID}/transcript")),
    ),
    "phone_numbers": (("GET", re.compile(r"/v1/phone-numbers")),),
}
"""Per component, the round-1 routes it calls. Components whose routes the emulator does
not have yet (dial plan, AI agent, onboarding, ordering) allow nothing so far."""
_TEST_HELPERS = "/v1/test_helpers/"
_LIVE_PREFIX = "Bearer sk_live_"


def authenticate(
    runtime: Runtime, authorization: str | None, method: str, path: str, account: str | None
) -> tuple[str, str | None]:
    """The tenant and the account a ``/v1`` request acts as.

    Raises:
        AuthenticationRequired, InvalidApiKey: no valid credential, or an expired session.
        ComponentNotEnabled: a session token outside its components' routes or account.
        ValidationFailed: a live key on a test helper.
    """
    token = _session_token(authorization)
    if token is None:
        if (
            authorization is not None
            and path.startswith(_TEST_HELPERS)
            and authorization.startswith(_LIVE_PREFIX)
        ):
            raise ValidationFailed(
                "authorization", "Test helpers need a test key (sk_test_...), not a live one"
            )
        return runtime.authenticator.tenant(authorization), account
    claims = _verified_claims(token, runtime.session_secret)
    session_account = claims.get("account")
    tenant = (
        CallStore(runtime.store.connection).tenant_of(session_account)
        if isinstance(session_account, str)
        else None
    )
    if tenant is None:
        raise InvalidApiKey("Invalid account session: its account no longer exists")
    expires_at = claims.get("exp")
    if not isinstance(expires_at, int) or expires_at <= runtime.clock.now(tenant):
        raise InvalidApiKey("The account session has expired: create a new one")
    if account is not None and account != session_account:
        raise ComponentNotEnabled("An account session acts only on its own account")
    components = claims.get("components")
    enabled = (
        [str(name) for name in cast("list[object]", components)]
        if isinstance(components, list)
        else []
    )
    if not any(
        allowed_method == method and pattern.fullmatch(path)
        for component in enabled
        for allowed_method, pattern in _COMPONENT_ROUTES.get(component, ())
    ):
        raise ComponentNotEnabled(
            f"This account session's components do not use {method} {path}",
            {"components": enabled},
        )
    return tenant, session_account


def _session_token(authorization: str | None) -> str | None:
    """The bearer when it has a JWT's shape (three dot-separated parts), else None."""
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or token.count(".") != 2:
        return None
    return token


def _verified_claims(token: str, secret: bytes) -> dict[str, Any]:
    header, claims, signature = token.split(".")
    expected = hmac.new(secret, f"{header}.{claims}".encode(), hashlib.sha256).digest()
    try:
        valid = hmac.compare_digest(_unb64(signature), expected)
        decoded = json.loads(_unb64(claims)) if valid else None
    except (ValueError, binascii.Error):
        decoded = None
    if not isinstance(decoded, dict):
        raise InvalidApiKey("Invalid account session token")
    return cast("dict[str, Any]", decoded)


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
