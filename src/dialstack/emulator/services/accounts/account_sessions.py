"""Account sessions: a signed, one-hour client secret for the browser components."""

from typing import Any

from ...core import session_tokens
from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import SemanticallyInvalid
from ...core.timestamps import iso
from .tables import AccountTables

LIFETIME = 60 * 60  # s: the API's sessions expire one hour after creation


def create(call: ApiRequest) -> Reply:
    account_id: str = call.body["account"]
    accounts = call.runtime.state(AccountTables)
    accounts.document(call.tenant, account_id)
    components: dict[str, Any] = call.body["components"]
    enabled = [name for name, settings in components.items() if settings["enabled"]]
    if not enabled:
        raise SemanticallyInvalid("components", "Enable at least one component")
    # The tenant's clock, which also judges the expiry: a session made while a test has
    # stepped its clock ahead lives its hour there, not already past it.
    created_ns = int(call.runtime.clock.now(call.tenant) * 1_000_000_000)
    issued_at = created_ns // 1_000_000_000
    claims = {
        "account": account_id,
        "components": enabled,
        "iat": issued_at,
        "exp": issued_at + LIFETIME,
    }
    created_at, expires_at = iso(created_ns), iso(created_ns + LIFETIME * 1_000_000_000)
    accounts.insert_session(account_id, to_json(enabled), created_at, expires_at)
    session = {
        "object": "account_session",
        "account_id": account_id,
        "client_secret": session_tokens.sign(claims, call.runtime.session_secret),
        "expires_at": expires_at,
        "created_at": created_at,
    }
    return 201, to_json(session)


OPERATIONS = {"account_sessions.create": create}
