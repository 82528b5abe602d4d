"""Accounts, and the account sessions the browser components sign in with."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import account_sessions, accounts, examples
from .tables import SCHEMA, AccountTables


def _connect(runtime: Runtime) -> None:
    tables = AccountTables(runtime.db)
    runtime.hold(tables)
    runtime.accounts = tables


SERVICE = Service(
    name="accounts",
    operations={**accounts.OPERATIONS, **account_sessions.OPERATIONS},
    schema=SCHEMA,
    connect=_connect,
    examples={
        "account_id": examples.account,
        "account": lambda world: world.example("account_id"),
    },
)
