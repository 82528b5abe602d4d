"""Locations: an account's sites, and the E911 registration of each one's address."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import examples, locations
from .tables import SCHEMA, LocationTables


def _connect(runtime: Runtime) -> None:
    runtime.hold(LocationTables(runtime.db))


SERVICE = Service(
    name="locations",
    operations=locations.OPERATIONS,
    schema=SCHEMA,
    connect=_connect,
    examples={
        "location_id": examples.location,
        "primary_did": lambda world: world.example("phone_number_id"),
    },
)
