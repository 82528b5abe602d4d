"""Users, inside the account the ``DialStack-Account`` header names."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import examples, users
from .tables import MIGRATIONS, SCHEMA, UserTables
from .targets import UserTargets


def _connect(runtime: Runtime) -> None:
    tables = UserTables(runtime.db)
    runtime.hold(tables)
    runtime.users = tables
    runtime.router.register("user", UserTargets(tables))


SERVICE = Service(
    name="users",
    operations=users.OPERATIONS,
    schema=SCHEMA,
    migrations=MIGRATIONS,
    connect=_connect,
    examples={"user_id": examples.user, "user": lambda world: world.example("user_id")},
)
