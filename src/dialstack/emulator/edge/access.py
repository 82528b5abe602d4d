"""Which credential may call which ``/v1`` route, beyond the secret key's "everything".

The embedded browser components call the API with their account session's
``client_secret`` as the bearer and no ``DialStack-Account`` header. Such a token works only
on the operations the description marks with one of its enabled components
(``x-dialstack-components``; anything else is 403 ``component_not_enabled``), names its
account itself (a header naming another account is a 403 too), and is refused with 401 once
expired by the tenant's clock. A test helper refuses a live key with 400, as the API does.

The routes are matched here, before routing, so a session token outside its components is
refused the same way whether or not the route exists.
"""

import re
from collections.abc import Sequence
from typing import cast

from ..contract.spec import Operation
from ..core.errors import ComponentNotEnabled, InvalidApiKey, ValidationFailed
from ..core.runtime import Runtime
from ..core.session_tokens import verified_claims

_TEST_HELPERS = "/v1/test_helpers/"
_LIVE_PREFIX = "Bearer sk_live_"
_PATH_PARAMETER = re.compile(r"\{[^}]+\}")


class Access:
    def __init__(self, runtime: Runtime, operations: Sequence[Operation]) -> None:
        self._runtime = runtime
        self._component_routes = [
            (operation.method, _path_pattern(operation.path), frozenset(operation.components))
            for operation in operations
            if operation.components
        ]

    def authenticate(
        self, authorization: str | None, method: str, path: str, account: str | None
    ) -> tuple[str, str | None]:
        """The tenant and the account a ``/v1`` request acts as.

        Raises:
            AuthenticationRequired, InvalidApiKey: no valid credential, or an expired session.
            ComponentNotEnabled: a session token outside its components' routes or account.
            ValidationFailed: a live key on a test helper.
        """
        runtime = self._runtime
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
        claims = verified_claims(token, runtime.session_secret)
        if claims is None:
            raise InvalidApiKey("Invalid account session token")
        session_account = claims.get("account")
        tenant = (
            runtime.accounts.owner_of_account(session_account)
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
            allowed_method == method and pattern.fullmatch(path) and allowed.intersection(enabled)
            for allowed_method, pattern, allowed in self._component_routes
        ):
            raise ComponentNotEnabled(
                f"This account session's components do not use {method} {path}",
                {"components": enabled},
            )
        return tenant, session_account


def _path_pattern(template: str) -> re.Pattern[str]:
    """The paths of a described path template: each ``{parameter}`` one path segment."""
    parts = _PATH_PARAMETER.split(template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))


def _session_token(authorization: str | None) -> str | None:
    """The bearer when it has a JWT's shape (three dot-separated parts), else None."""
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or token.count(".") != 2:
        return None
    return token
