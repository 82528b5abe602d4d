"""Users, inside the account the ``DialStack-Account`` header names; their user sessions and
the user's own routes (``/v1/me/``) those sessions call."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import examples, me, sessions, users
from .session_tables import SCHEMA as SESSION_SCHEMA
from .session_tables import UserSessionTables
from .tables import MIGRATIONS, SCHEMA, UserTables
from .targets import UserTargets


def _connect(runtime: Runtime) -> None:
    tables = UserTables(runtime.db)
    runtime.hold(tables)
    runtime.users = tables
    session_tables = UserSessionTables(runtime.db)
    runtime.hold(session_tables)
    runtime.user_sessions = session_tables
    runtime.router.register("user", UserTargets(tables))


SERVICE = Service(
    name="users",
    operations={**users.OPERATIONS, **sessions.OPERATIONS},
    schema=SCHEMA + SESSION_SCHEMA,
    migrations=MIGRATIONS,
    connect=_connect,
    routes=me.routes,
    examples={"user_id": examples.user, "user": lambda world: world.example("user_id")},
)
