"""The numbering tables: phone-number orders, port orders, the numbers they claim and the
SMS port-out windows. Knows no HTTP.

An order is one JSON document; ``status`` and ``order_type`` are repeated as columns so that
the list filters are index lookups, and ``due_at`` (the tenant's clock) says when the order
moves on by itself. ``number_claims`` holds each number an open or completed order brought
to an account of the tenant, so that no two orders take the same number.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS phone_number_orders (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    order_type TEXT NOT NULL,
    due_at REAL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS phone_number_orders_by_account
    ON phone_number_orders (tenant, account_id, id);
CREATE INDEX IF NOT EXISTS phone_number_orders_by_status
    ON phone_number_orders (tenant, account_id, status, id);
CREATE INDEX IF NOT EXISTS phone_number_orders_by_type
    ON phone_number_orders (tenant, account_id, order_type, id);
CREATE INDEX IF NOT EXISTS phone_number_orders_due
    ON phone_number_orders (tenant, due_at) WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS port_orders (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    due_at REAL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS port_orders_by_account ON port_orders (tenant, account_id, id);
CREATE INDEX IF NOT EXISTS port_orders_by_status
    ON port_orders (tenant, account_id, status, id);
CREATE INDEX IF NOT EXISTS port_orders_due ON port_orders (tenant, due_at)
    WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS number_claims (
    tenant TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    order_id TEXT NOT NULL,
    PRIMARY KEY (tenant, phone_number)
);
CREATE INDEX IF NOT EXISTS number_claims_by_order ON number_claims (order_id);
CREATE TABLE IF NOT EXISTS sms_port_out_windows (
    number_id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);
"""

ORDERS = Keyset("phone_number_orders")
PORTS = Keyset("port_orders")


@dataclass(frozen=True)
class Due:
    id: str
    account_id: str
    due_at: float
    document: str


@dataclass(frozen=True)
class Claim:
    phone_number: str
    account_id: str


class NumberingTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    # Orders of either kind: ``table`` is ``phone_number_orders`` or ``port_orders``.

    def insert(
        self,
        table: str,
        tenant: str,
        account_id: str,
        order_id: str,
        *,
        columns: dict[str, str],
        due_at: float | None,
        document: str,
    ) -> None:
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        self._db.execute(
            f"INSERT INTO {_known(table)} (id, tenant, account_id, due_at, document, {names})"  # noqa: S608
            f" VALUES (?, ?, ?, ?, ?, {marks})",
            (order_id, tenant, account_id, due_at, document, *columns.values()),
        )

    def replace(
        self, table: str, order_id: str, status: str, due_at: float | None, document: str
    ) -> None:
        self._db.execute(
            f"UPDATE {_known(table)} SET status = ?, due_at = ?, document = ? WHERE id = ?",  # noqa: S608
            (status, due_at, document, order_id),
        )

    def document(self, table: str, tenant: str, account_id: str, order_id: str) -> str:
        """Raises:
        ResourceMissing: no such order in the account."""
        row = self._db.execute(
            f"SELECT document FROM {_known(table)}"  # noqa: S608
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (order_id, tenant, account_id),
        ).fetchone()
        if row is None:
            kind = "phone_number_order" if table == "phone_number_orders" else "port_order"
            raise ResourceMissing(kind, order_id)
        return str(row[0])

    def page(
        self,
        table: str,
        tenant: str,
        account_id: str,
        filters: dict[str, str],
        page: PageQuery,
    ) -> PageRows:
        where = "tenant = ? AND account_id = ?"
        params: list[object] = [tenant, account_id]
        for column, value in filters.items():
            where += f" AND {column} = ?"
            params.append(value)
        keyset = ORDERS if table == "phone_number_orders" else PORTS
        return keyset_page(self._db, keyset, where, params, page)

    def due(self, table: str, tenant: str, now: float) -> list[Due]:
        rows = self._db.execute(
            f"SELECT id, account_id, due_at, document FROM {_known(table)}"  # noqa: S608
            " WHERE tenant = ? AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id",
            (tenant, now),
        )
        return [Due(str(r[0]), str(r[1]), float(r[2]), str(r[3])) for r in rows]

    def tenants_due(self) -> set[str]:
        """Tenants with an order that will move on by itself (each is then checked against
        its own clock)."""
        found: set[str] = set()
        for table in ("phone_number_orders", "port_orders"):
            rows = self._db.execute(
                f"SELECT DISTINCT tenant FROM {table} WHERE due_at IS NOT NULL"  # noqa: S608
            )
            found |= {str(row[0]) for row in rows}
        return found

    # Claims

    def claims(self, tenant: str, phone_numbers: Iterable[str]) -> list[Claim]:
        """Which of the numbers an order of the tenant has claimed, and for which account."""
        found: list[Claim] = []
        for number in phone_numbers:
            row = self._db.execute(
                "SELECT account_id FROM number_claims WHERE tenant = ? AND phone_number = ?",
                (tenant, number),
            ).fetchone()
            if row is not None:
                found.append(Claim(number, str(row[0])))
        return found

    def claim(self, tenant: str, account_id: str, order_id: str, numbers: Iterable[str]) -> None:
        self._db.connection.executemany(
            "INSERT INTO number_claims (tenant, phone_number, account_id, order_id)"
            " VALUES (?, ?, ?, ?)",
            [(tenant, number, account_id, order_id) for number in numbers],
        )

    def unclaim(self, order_id: str, numbers: Iterable[str] | None = None) -> None:
        """Free the order's numbers (all of them when None)."""
        if numbers is None:
            self._db.execute("DELETE FROM number_claims WHERE order_id = ?", (order_id,))
            return
        self._db.connection.executemany(
            "DELETE FROM number_claims WHERE order_id = ? AND phone_number = ?",
            [(order_id, number) for number in numbers],
        )

    # SMS port-out windows

    def sms_port_out(self, tenant: str, account_id: str, number_id: str) -> str | None:
        row = self._db.execute(
            "SELECT expires_at FROM sms_port_out_windows"
            " WHERE number_id = ? AND tenant = ? AND account_id = ?",
            (number_id, tenant, account_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def set_sms_port_out(
        self, tenant: str, account_id: str, number_id: str, expires_at: str | None
    ) -> None:
        if expires_at is None:
            self._db.execute(
                "DELETE FROM sms_port_out_windows WHERE number_id = ? AND tenant = ?",
                (number_id, tenant),
            )
            return
        self._db.execute(
            "INSERT INTO sms_port_out_windows (number_id, tenant, account_id, expires_at)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (number_id) DO UPDATE SET expires_at = excluded.expires_at",
            (number_id, tenant, account_id, expires_at),
        )


def _known(table: str) -> str:
    if table not in ("phone_number_orders", "port_orders"):
        raise ValueError(f"not an order table: {table}")
    return table
