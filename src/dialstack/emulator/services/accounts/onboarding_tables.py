"""The accounts' onboarding tables: the terms in effect per tenant, which accounts are live,
their acceptances, and who administers them. Knows no HTTP."""

from ...core.db import Database
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS tos_agreements (
    tenant TEXT PRIMARY KEY,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS live_accounts (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS tos_acceptances (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS admin_users (
    id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email_key TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account_id, id)
);
CREATE INDEX IF NOT EXISTS admin_users_by_person ON admin_users (tenant, email_key);
CREATE INDEX IF NOT EXISTS admin_users_by_id ON admin_users (id);
"""
_ADMIN_USERS = Keyset("admin_users")


class OnboardingTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def agreement(self, tenant: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM tos_agreements WHERE tenant = ?", (tenant,)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_agreement(self, tenant: str, document: str) -> None:
        self._db.execute(
            "INSERT INTO tos_agreements (tenant, document) VALUES (?, ?)"
            " ON CONFLICT (tenant) DO UPDATE SET document = excluded.document",
            (tenant, document),
        )

    def is_live(self, account_id: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM live_accounts WHERE account_id = ?", (account_id,)
        ).fetchone()
        return row is not None

    def make_live(self, account_id: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO live_accounts (account_id) VALUES (?)", (account_id,)
        )

    def acceptance(self, account_id: str) -> tuple[str, str] | None:
        """The version last accepted and the acceptance's JSON document."""
        row = self._db.execute(
            "SELECT version, document FROM tos_acceptances WHERE account_id = ?", (account_id,)
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def record_acceptance(self, account_id: str, version: str, document: str) -> None:
        self._db.execute(
            "INSERT INTO tos_acceptances (account_id, version, document) VALUES (?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE"
            " SET version = excluded.version, document = excluded.document",
            (account_id, version, document),
        )

    def admin_user(self, account_id: str, admin_user_id: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM admin_users WHERE account_id = ? AND id = ?",
            (account_id, admin_user_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def person(self, tenant: str, email_key: str) -> tuple[str, str | None] | None:
        """The id and name this platform's administrator with that login already has, in any
        account."""
        row = self._db.execute(
            "SELECT id, json_extract(document, '$.name') FROM admin_users"
            " WHERE tenant = ? AND email_key = ? LIMIT 1",
            (tenant, email_key),
        ).fetchone()
        return None if row is None else (str(row[0]), row[1])

    def admin_count(self, account_id: str) -> int:
        (count,) = self._db.execute(
            "SELECT count(*) FROM admin_users WHERE account_id = ?", (account_id,)
        ).fetchone()
        return int(count)

    def grant(
        self, tenant: str, account_id: str, admin_user_id: str, email_key: str, document: str
    ) -> None:
        self._db.execute(
            "INSERT INTO admin_users (id, tenant, account_id, email_key, document)"
            " VALUES (?, ?, ?, ?, ?)",
            (admin_user_id, tenant, account_id, email_key, document),
        )

    def rename_person(self, admin_user_id: str, name: str) -> None:
        """The name is the person's, so every account they administer shows the new one."""
        self._db.execute(
            "UPDATE admin_users SET document = json_set(document, '$.name', ?) WHERE id = ?",
            (name, admin_user_id),
        )

    def admin_page(self, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(self._db, _ADMIN_USERS, "account_id = ?", (account_id,), page)
