"""Voicemail greetings: audio uploaded per mailbox owner and type, played by signed links."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import examples, greetings, media
from .tables import SCHEMA, GreetingTables


def _connect(runtime: Runtime) -> None:
    runtime.hold(GreetingTables(runtime.db))


SERVICE = Service(
    name="greetings",
    operations=greetings.OPERATIONS,
    schema=SCHEMA,
    connect=_connect,
    routes=media.routes,
    examples={
        "owner": examples.owner,
        "greeting_type": lambda world: "unavailable",
    },
)
