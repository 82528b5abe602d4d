"""The locations' table: each location's document, and where its E911 registration stands
(the address that last passed validation, when provisioning was asked for). Knows no HTTP.

The time provisioning was asked for is kept as the float's exact text: a location's E911
status is read from it against the clock, and a rounded time would move the status's edges."""

from dataclasses import dataclass

from ...core.db import Database
from ...core.errors import Conflict, ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS locations (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    validated_address TEXT,
    provision_requested_at TEXT
);
CREATE INDEX IF NOT EXISTS locations_by_account ON locations (tenant, account_id, id);
"""

MAX_LOCATIONS = 100
"""Locations one account may hold: bounds what an account stores."""

_LOCATIONS = Keyset("locations", extra="provision_requested_at")
"""Each listed row brings when its provisioning was asked for: its E911 status needs it."""


@dataclass(frozen=True)
class StoredLocation:
    document: str
    validated_address: str | None
    """The address (its JSON) that last passed E911 validation."""
    provision_requested_at: float | None
    """The tenant's clock when provisioning was asked for; None when it never was."""


class LocationTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, tenant: str, account_id: str, location_id: str, document: str) -> None:
        (count,) = self._db.execute(
            "SELECT count(*) FROM locations WHERE tenant = ? AND account_id = ?",
            (tenant, account_id),
        ).fetchone()
        if count >= MAX_LOCATIONS:
            raise Conflict(
                "location_limit_reached",
                f"The account already has {MAX_LOCATIONS} locations, the most it may have",
                {"account": account_id},
            )
        self._db.execute(
            "INSERT INTO locations (id, tenant, account_id, document) VALUES (?, ?, ?, ?)",
            (location_id, tenant, account_id, document),
        )

    def find(self, tenant: str, account_id: str, location_id: str) -> StoredLocation:
        """Raises ResourceMissing for another account's location as for a missing one."""
        row = self._db.execute(
            "SELECT document, validated_address, provision_requested_at FROM locations"
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (location_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("location", location_id)
        return StoredLocation(str(row[0]), row[1], None if row[2] is None else float(row[2]))

    def replace(self, tenant: str, location_id: str, document: str, *, moved: bool) -> None:
        """Store the new document; a location that ``moved`` (a new address) forgets its
        E911 validation and registration."""
        forget = ", validated_address = NULL, provision_requested_at = NULL" if moved else ""
        self._db.execute(
            f"UPDATE locations SET document = ?{forget} WHERE id = ? AND tenant = ?",  # noqa: S608
            (document, location_id, tenant),
        )

    def mark_validated(self, tenant: str, location_id: str, address: str) -> None:
        self._db.execute(
            "UPDATE locations SET validated_address = ? WHERE id = ? AND tenant = ?",
            (address, location_id, tenant),
        )

    def mark_provisioning(self, tenant: str, location_id: str, at: float) -> None:
        self._db.execute(
            "UPDATE locations SET provision_requested_at = ? WHERE id = ? AND tenant = ?",
            (repr(at), location_id, tenant),
        )

    def delete(self, tenant: str, location_id: str) -> None:
        self._db.execute("DELETE FROM locations WHERE id = ? AND tenant = ?", (location_id, tenant))

    def page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, _LOCATIONS, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )
