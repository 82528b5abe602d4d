"""The accounts' tables: accounts and the account sessions made for them. Knows no HTTP."""

from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_by_tenant ON accounts (tenant, id);
CREATE TABLE IF NOT EXISTS account_sessions (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    components TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS account_sessions_by_account ON account_sessions (account_id);
"""
_ACCOUNTS = Keyset("accounts")


class AccountTables:
    """Also the core's ``AccountDirectory``: what the other services may ask of accounts."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, tenant: str, account_id: str, document: str) -> None:
        self._db.execute(
            "INSERT INTO accounts (id, tenant, document) VALUES (?, ?, ?)",
            (account_id, tenant, document),
        )

    def document(self, tenant: str, account_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM accounts WHERE id = ? AND tenant = ?", (account_id, tenant)
        ).fetchone()
        if row is None:
            raise ResourceMissing("account", account_id)
        return str(row[0])

    def owner_of_account(self, account_id: str) -> str | None:
        row = self._db.execute("SELECT tenant FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return None if row is None else str(row[0])

    def replace(self, tenant: str, account_id: str, document: str) -> None:
        self._db.execute(
            "UPDATE accounts SET document = ? WHERE id = ? AND tenant = ?",
            (document, account_id, tenant),
        )

    def delete(self, tenant: str, account_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM accounts WHERE id = ? AND tenant = ?", (account_id, tenant)
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("account", account_id)

    def page(self, tenant: str, page: PageQuery) -> PageRows:
        return keyset_page(self._db, _ACCOUNTS, "tenant = ?", (tenant,), page)

    def insert_session(
        self, account_id: str, components: str, created_at: str, expires_at: str
    ) -> None:
        self._db.execute(
            "INSERT INTO account_sessions (account_id, components, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (account_id, components, created_at, expires_at),
        )
