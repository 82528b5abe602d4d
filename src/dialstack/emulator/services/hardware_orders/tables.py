"""The orders' tables. Knows no HTTP.

An order is one JSON document holding its units; ``hardware_order_units`` repeats each
unit's location so that the ``location`` filter is an index lookup.
"""

from ...core.db import Database
from ...core.errors import ResourceMissing

SCHEMA = """
CREATE TABLE IF NOT EXISTS hardware_orders (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS hardware_orders_by_account
    ON hardware_orders (tenant, account_id, id);
CREATE TABLE IF NOT EXISTS hardware_order_units (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    order_id TEXT NOT NULL REFERENCES hardware_orders (id) ON DELETE CASCADE,
    location TEXT
);
CREATE INDEX IF NOT EXISTS hardware_order_units_by_order ON hardware_order_units (order_id);
CREATE INDEX IF NOT EXISTS hardware_order_units_by_location
    ON hardware_order_units (tenant, account_id, location, order_id);
"""

LISTED = 100
"""The newest orders a list answers (the API's list has no pages)."""


class OrderTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(
        self,
        tenant: str,
        account_id: str,
        order_id: str,
        document: str,
        locations: dict[str, str | None],
    ) -> None:
        """Insert or replace the order, with each unit's (id -> location)."""
        self._db.execute(
            "INSERT INTO hardware_orders (id, tenant, account_id, document) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET document = excluded.document",
            (order_id, tenant, account_id, document),
        )
        self._db.execute("DELETE FROM hardware_order_units WHERE order_id = ?", (order_id,))
        self._db.connection.executemany(
            "INSERT INTO hardware_order_units (id, tenant, account_id, order_id, location)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (unit_id, tenant, account_id, order_id, location)
                for unit_id, location in locations.items()
            ],
        )

    def document(self, tenant: str, account_id: str | None, order_id: str) -> tuple[str, str]:
        """The order's account and document (any account of the tenant when None).

        Raises:
            ResourceMissing: no such order here.
        """
        row = self._db.execute(
            "SELECT account_id, document FROM hardware_orders WHERE id = ? AND tenant = ?",
            (order_id, tenant),
        ).fetchone()
        if row is None or account_id not in (None, row[0]):
            raise ResourceMissing("hardware order", order_id)
        return str(row[0]), str(row[1])

    def newest(self, tenant: str, account_id: str, location: str | None) -> list[str]:
        if location is None:
            rows = self._db.execute(
                "SELECT document FROM hardware_orders WHERE tenant = ? AND account_id = ?"
                " ORDER BY id DESC LIMIT ?",
                (tenant, account_id, LISTED),
            )
        else:
            rows = self._db.execute(
                "SELECT document FROM hardware_orders WHERE id IN ("
                " SELECT order_id FROM hardware_order_units"
                " WHERE tenant = ? AND account_id = ? AND location = ?)"
                " ORDER BY id DESC LIMIT ?",
                (tenant, account_id, location, LISTED),
            )
        return [str(row[0]) for row in rows]
