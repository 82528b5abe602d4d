"""The users' table. Knows no HTTP.

Emails are unique within an account by Unicode case folding (``email_key``, see
``core.text.caseless``), enforced by a unique index the first migration made.
"""

import sqlite3

from ...core.db import Database, Migration
from ...core.errors import DuplicateEmail, ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page
from ...core.text import caseless

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT,
    email TEXT,
    document TEXT NOT NULL,
    email_key TEXT
);
CREATE INDEX IF NOT EXISTS users_by_account ON users (tenant, account_id, id);
"""
_USERS = Keyset("users")
_UNIQUE_EMAIL_INDEX = """
CREATE UNIQUE INDEX IF NOT EXISTS users_unique_email_key
    ON users (account_id, email_key) WHERE email_key IS NOT NULL;
"""


def _emails_by_case_folding(db: sqlite3.Connection) -> None:
    """Emails unique by Unicode case folding (``email_key``), not ASCII ``lower()``."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(users)")}
    if "email_key" not in columns:
        db.execute("ALTER TABLE users ADD COLUMN email_key TEXT")
    db.execute("DROP INDEX IF EXISTS users_unique_email")
    # Oldest first: where two stored addresses now collide, the first one keeps the key and
    # the later one stays as it is, unique-checked again when next changed.
    taken: set[tuple[str, str]] = set()
    rows = db.execute(
        "SELECT id, account_id, email FROM users WHERE email IS NOT NULL ORDER BY id"
    ).fetchall()
    for user_id, account_id, email in rows:
        key = caseless(email)
        if (account_id, key) not in taken:
            taken.add((account_id, key))
            db.execute("UPDATE users SET email_key = ? WHERE id = ?", (key, user_id))
    db.execute(_UNIQUE_EMAIL_INDEX)


MIGRATIONS = (Migration(1, _emails_by_case_folding),)


def _caseless_or_none(text: str | None) -> str | None:
    return None if text is None else caseless(text)


class UserTables:
    """Also the core's ``UserDirectory``: what the other services may ask of users."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(
        self,
        tenant: str,
        account_id: str,
        user_id: str,
        *,
        name: str | None,
        email: str | None,
        document: str,
    ) -> None:
        try:
            self._db.execute(
                "INSERT INTO users (id, tenant, account_id, name, email, email_key, document)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (user_id, tenant, account_id, name, email, _caseless_or_none(email), document),
            )
        except sqlite3.IntegrityError as exc:
            raise _duplicate_email(email) from exc

    def document(self, tenant: str, account_id: str, user_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM users WHERE id = ? AND tenant = ? AND account_id = ?",
            (user_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("user", user_id)
        return str(row[0])

    def ids(self, tenant: str, account_id: str, limit: int) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT id FROM users WHERE tenant = ? AND account_id = ? ORDER BY id LIMIT ?",
            (tenant, account_id, limit),
        ).fetchall()
        return tuple(str(row[0]) for row in rows)

    def find_by_email(self, tenant: str, account_id: str, email: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM users WHERE account_id = ? AND email_key = ? AND tenant = ?",
            (account_id, caseless(email), tenant),
        ).fetchone()
        return None if row is None else str(row[0])

    def replace(
        self, tenant: str, user_id: str, name: str | None, email: str | None, document: str
    ) -> None:
        try:
            self._db.execute(
                "UPDATE users SET name = ?, email = ?, email_key = ?, document = ?"
                " WHERE id = ? AND tenant = ?",
                (name, email, _caseless_or_none(email), document, user_id, tenant),
            )
        except sqlite3.IntegrityError as exc:
            raise _duplicate_email(email) from exc

    def delete(self, tenant: str, account_id: str, user_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM users WHERE id = ? AND tenant = ? AND account_id = ?",
            (user_id, tenant, account_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("user", user_id)

    def page(self, tenant: str, account_id: str, search: str | None, page: PageQuery) -> PageRows:
        where = "tenant = ? AND account_id = ?"
        params: tuple[str, ...] = (tenant, account_id)
        if search:
            # instr, not LIKE: no pattern characters to escape, and no pattern length limit.
            where += " AND (instr(caseless(name), ?) > 0 OR instr(email_key, ?) > 0)"
            needle = caseless(search)
            params += (needle, needle)
        return keyset_page(self._db, _USERS, where, params, page)


def _duplicate_email(email: str | None) -> DuplicateEmail:
    return DuplicateEmail(
        f"A user with email {email!r} already exists in this account", {"field": "email"}
    )
