"""The faxes' and files' tables. Knows no HTTP.

Files keep their metadata and page count, not their bytes (nothing reads them back), so an
upload costs a row. The ``number`` filter matches digits anywhere in either number: each
fax's numbers are written out as every distinct digit run they contain
(``fax_number_parts``, at most 120 per 15-digit number), so a substring filter is an index
lookup of that run.
"""

from dataclasses import dataclass

from ...core.api_request import to_json
from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    pages INTEGER,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS faxes (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    did TEXT NOT NULL,
    is_read INTEGER NOT NULL,
    sent_at REAL,
    due_at REAL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS faxes_by_account ON faxes (tenant, account_id, id);
CREATE INDEX IF NOT EXISTS faxes_by_direction ON faxes (tenant, account_id, direction, id);
CREATE INDEX IF NOT EXISTS faxes_by_status ON faxes (tenant, account_id, status, id);
CREATE INDEX IF NOT EXISTS faxes_by_did ON faxes (tenant, account_id, did, id);
CREATE INDEX IF NOT EXISTS faxes_by_is_read ON faxes (tenant, account_id, is_read, id);
CREATE INDEX IF NOT EXISTS faxes_sent ON faxes (tenant, account_id, sent_at)
    WHERE sent_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS faxes_due ON faxes (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS fax_number_parts (
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    part TEXT NOT NULL,
    fax_id TEXT NOT NULL REFERENCES faxes (id) ON DELETE CASCADE,
    PRIMARY KEY (tenant, account_id, part, fax_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fax_number_parts_by_fax ON fax_number_parts (fax_id);
"""
_FAXES = Keyset("faxes")


@dataclass(frozen=True)
class FaxFilters:
    direction: str | None = None
    status: str | None = None
    did: str | None = None
    number: str | None = None
    """Digits only."""
    is_read: bool | None = None


@dataclass(frozen=True)
class DueFax:
    id: str
    tenant: str
    account_id: str
    due_at: float
    document: str


def digit_runs(*numbers: str | None) -> set[str]:
    """Every distinct run of consecutive digits in the numbers' digits."""
    runs: set[str] = set()
    for number in numbers:
        digits = "".join(char for char in number or "" if char.isdigit())
        runs |= {digits[i:j] for i in range(len(digits)) for j in range(i + 1, len(digits) + 1)}
    return runs


class FaxTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert_file(
        self, tenant: str, account_id: str, file_id: str, *, purpose: str, pages: int, document: str
    ) -> None:
        self._db.execute(
            "INSERT INTO files (id, tenant, account_id, purpose, pages, document)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (file_id, tenant, account_id, purpose, pages, document),
        )

    def file(self, tenant: str, account_id: str, file_id: str) -> tuple[str, int, str] | None:
        """The file's purpose, pages and document; None when the account has no such file."""
        row = self._db.execute(
            "SELECT purpose, pages, document FROM files"
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (file_id, tenant, account_id),
        ).fetchone()
        return None if row is None else (str(row[0]), int(row[1]), str(row[2]))

    def insert_fax(
        self,
        tenant: str,
        account_id: str,
        fax: dict[str, object],
        *,
        sent_at: float | None,
        due_at: float | None,
    ) -> None:
        document = to_json(fax)
        fax_id = str(fax["id"])
        did = str(fax["did"])
        self._db.execute(
            "INSERT INTO faxes (id, tenant, account_id, direction, status, did, is_read,"
            " sent_at, due_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fax_id,
                tenant,
                account_id,
                fax["direction"],
                fax["status"],
                did,
                fax["read_at"] is not None,
                sent_at,
                due_at,
                document,
            ),
        )
        runs = digit_runs(_text(fax["from_number"]), _text(fax["to_number"]))
        self._db.connection.executemany(
            "INSERT INTO fax_number_parts (tenant, account_id, part, fax_id) VALUES (?, ?, ?, ?)",
            [(tenant, account_id, run, fax_id) for run in runs],
        )

    def fax(self, tenant: str, account_id: str, fax_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM faxes WHERE id = ? AND tenant = ? AND account_id = ?",
            (fax_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("fax", fax_id)
        return str(row[0])

    def replace_fax(self, fax_id: str, fax: dict[str, object]) -> None:
        """Store the fax's new state; it is no longer due."""
        self._db.execute(
            "UPDATE faxes SET status = ?, is_read = ?, due_at = NULL, document = ? WHERE id = ?",
            (fax["status"], fax["read_at"] is not None, to_json(fax), fax_id),
        )

    def delete_fax(self, tenant: str, account_id: str, fax_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM faxes WHERE id = ? AND tenant = ? AND account_id = ?",
            (fax_id, tenant, account_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("fax", fax_id)

    def sends_since(self, tenant: str, account_id: str, since: float) -> list[float]:
        """When each of the account's sends since ``since`` was made, oldest first."""
        rows = self._db.execute(
            "SELECT sent_at FROM faxes WHERE tenant = ? AND account_id = ? AND sent_at > ?"
            " ORDER BY sent_at",
            (tenant, account_id, since),
        )
        return [float(row[0]) for row in rows]

    def tenants_due(self) -> list[str]:
        rows = self._db.execute("SELECT DISTINCT tenant FROM faxes WHERE due_at IS NOT NULL")
        return [str(row[0]) for row in rows]

    def due(self, tenant: str, now: float) -> list[DueFax]:
        rows = self._db.execute(
            "SELECT id, tenant, account_id, due_at, document FROM faxes"
            " WHERE due_at IS NOT NULL AND due_at <= ? AND tenant = ? ORDER BY due_at, id",
            (now, tenant),
        )
        return [DueFax(str(r[0]), str(r[1]), str(r[2]), float(r[3]), str(r[4])) for r in rows]

    def page(self, tenant: str, account_id: str, filters: FaxFilters, page: PageQuery) -> PageRows:
        where = "tenant = ? AND account_id = ?"
        params: list[object] = [tenant, account_id]
        for column in ("direction", "status", "did"):
            value = getattr(filters, column)
            if value is not None:
                where += f" AND {column} = ?"
                params.append(value)
        if filters.is_read is not None:
            where += " AND is_read = ?"
            params.append(filters.is_read)
        if filters.number is not None:
            where += (
                " AND id IN (SELECT fax_id FROM fax_number_parts"
                " WHERE tenant = ? AND account_id = ? AND part = ?)"
            )
            params += [tenant, account_id, filters.number]
        return keyset_page(self._db, _FAXES, where, params, page)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
