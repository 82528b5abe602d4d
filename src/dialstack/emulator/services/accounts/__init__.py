"""Accounts, the account sessions the browser components sign in with, and onboarding: what
an account pays, the terms of service it accepts, and who administers it."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import account_sessions, accounts, admin_users, control, examples, terms
from .onboarding_tables import SCHEMA as ONBOARDING_SCHEMA
from .onboarding_tables import OnboardingTables
from .tables import SCHEMA, AccountTables


def _connect(runtime: Runtime) -> None:
    tables = AccountTables(runtime.db)
    runtime.hold(tables)
    runtime.accounts = tables
    runtime.hold(OnboardingTables(runtime.db))


SERVICE = Service(
    name="accounts",
    operations={
        **accounts.OPERATIONS,
        **account_sessions.OPERATIONS,
        **terms.OPERATIONS,
        **admin_users.OPERATIONS,
    },
    schema=SCHEMA + ONBOARDING_SCHEMA,
    connect=_connect,
    control_routes=control.control_routes,
    examples={
        "account_id": examples.account,
        "account": lambda world: world.example("account_id"),
        "admin_user_id": examples.admin_user,
    },
)
