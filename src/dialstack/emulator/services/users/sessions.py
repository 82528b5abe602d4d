"""User sessions: a signed token acting as one user on the user's own routes (``/v1/me/``),
and revoking every token of a user made so far. Both platform-level: the user names its
account, so no ``DialStack-Account`` header is taken."""

from ...core import session_tokens
from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing
from ...core.session_tokens import UserSessionClaims
from ...core.timestamps import iso
from .session_tables import UserSessionTables

DEFAULT_TTL = 24 * 60 * 60  # s, the API's default


def _account_of(call: ApiRequest, user_id: str) -> str:
    account_id = call.runtime.state(UserSessionTables).account_of(call.tenant, user_id)
    if account_id is None:
        raise ResourceMissing("user", user_id, "User not found")
    return account_id


def _now_ns(call: ApiRequest) -> int:
    # The tenant's clock, which also judges the expiry and stamps revocations.
    return int(call.runtime.clock.now(call.tenant) * 1_000_000_000)


def create(call: ApiRequest) -> Reply:
    user_id: str = call.body["user"]
    ttl: int = call.body.get("ttl_seconds", DEFAULT_TTL)
    account_id = _account_of(call, user_id)
    revocations = call.runtime.user_sessions.revocations(call.tenant, account_id, user_id)
    issued_ns = _now_ns(call)
    issued_at = issued_ns // 1_000_000_000
    claims = UserSessionClaims(user_id, account_id, issued_at, issued_at + ttl, revocations or 0)
    secret = session_tokens.user_session_secret(call.runtime.session_secret)
    session = {
        "object": "user_session",
        "user": user_id,
        "account": account_id,
        "client_secret": session_tokens.sign(claims.as_claims(), secret),
        "expires_at": iso(claims.expires_at * 1_000_000_000),
    }
    return 201, to_json(session)


def revoke_sessions(call: ApiRequest) -> Reply:
    user_id = call.path_params["user_id"]
    _account_of(call, user_id)
    revoked_at = iso(_now_ns(call))
    call.runtime.state(UserSessionTables).revoke(user_id, revoked_at)
    return 200, to_json({"user": user_id, "sessions_revoked_at": revoked_at})


OPERATIONS = {"user_sessions.create": create, "users.revoke_sessions": revoke_sessions}
