"""Which credential may call which ``/v1`` route, beyond the secret key's "everything".

The embedded browser components call the API with their account session's
``client_secret`` as the bearer and no ``DialStack-Account`` header. Such a token works only
on the operations the description marks with one of its enabled components
(``x-dialstack-components``; anything else is 403 ``component_not_enabled``), names its
account itself (a header naming another account is a 403 too), and is refused with 401 once
expired by the tenant's clock; on a route naming an account in its path
(``/v1/accounts/{account_id}``) another account is a 404. A test helper refuses a live key
with 400, as the API does.

The user's own routes (``/v1/me/``) take only a user session token (``user_sessions.create``):
refused with 401 when expired by the tenant's clock, revoked (``users.revoke_sessions``), or
its user or account deleted. Elsewhere such a token is a 403 ``component_not_enabled``.

A session token on a path no operation has is a 404, as a key's request is (and a method the
path does not take a 405): the browser components throw a session away on a 403.
"""

from collections.abc import Sequence
from typing import cast

from ..contract.spec import Operation
from ..core.errors import (
    AuthenticationRequired,
    ComponentNotEnabled,
    InvalidApiKey,
    MethodNotAllowed,
    ResourceMissing,
    RouteMissing,
    ValidationFailed,
)
from ..core.runtime import Runtime
from ..core.session_tokens import user_session_claims, user_session_secret, verified_claims
from .route_table import RouteTable, WrongMethod

_TEST_HELPERS = "/v1/test_helpers/"
USER_ROUTES = "/v1/me/"
_LIVE_PREFIX = "Bearer sk_live_"


class Access:
    def __init__(self, runtime: Runtime, operations: Sequence[Operation]) -> None:
        self._runtime = runtime
        self._user_secret = user_session_secret(runtime.session_secret)
        self._routes: RouteTable[frozenset[str]] = RouteTable()
        """Every operation, with the components whose sessions may call it."""
        for operation in operations:
            self._routes.add(operation.method, operation.path, frozenset(operation.components))

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
        if path.startswith(USER_ROUTES):
            return self._user_session(token)
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
            if user_session_claims(token, self._user_secret) is not None:
                raise ComponentNotEnabled(
                    f"A user session token works only on the user's own routes ({USER_ROUTES})"
                )
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
        route = self._routes.match(method, path)
        # A route that does not exist is a 404 for a session as for a key: a 403 would make
        # the browser components throw the session away and fetch another.
        if route is None:
            raise RouteMissing(f"Unrecognized request URL: {method} {path}")
        if isinstance(route, WrongMethod):
            raise MethodNotAllowed(f"{method} is not allowed on {path}", route.allowed)
        if not route.endpoint.intersection(enabled):
            raise ComponentNotEnabled(
                f"This account session's components do not use {method} {path}",
                {"components": enabled},
            )
        # Account routes name their account in the path, not the header: another account is
        # as invisible there as anywhere else.
        named = route.path_params.get("account_id")
        if named is not None and named != session_account:
            raise ResourceMissing("account", named)
        return tenant, session_account

    def _user_session(self, token: str | None) -> tuple[str, str | None]:
        """The tenant and account of a user session token that is still good.

        Raises:
            AuthenticationRequired: no user session token.
            InvalidApiKey: a token we did not sign, or one expired, revoked, or of a user or
                account deleted since.
        """
        if token is None:
            raise AuthenticationRequired(
                f"{USER_ROUTES} routes take a user session token (user_sessions.create)"
            )
        runtime = self._runtime
        claims = user_session_claims(token, self._user_secret)
        if claims is None:
            raise InvalidApiKey("Invalid user session token")
        tenant = runtime.accounts.owner_of_account(claims.account)
        revocations = (
            None
            if tenant is None
            else runtime.user_sessions.revocations(tenant, claims.account, claims.user)
        )
        if tenant is None or revocations is None:
            raise InvalidApiKey("Invalid user session: its user no longer exists")
        if revocations != claims.revocations:
            raise InvalidApiKey("This user session was revoked: create a new one")
        if claims.expires_at <= runtime.clock.now(tenant):
            raise InvalidApiKey("The user session has expired: create a new one")
        return tenant, claims.account


def _session_token(authorization: str | None) -> str | None:
    """The bearer when it has a JWT's shape (three dot-separated parts), else None."""
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or token.count(".") != 2:
        return None
    return token
