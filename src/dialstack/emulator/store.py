"""SQLite storage: schema, transactions and queries. Knows no HTTP.

Objects are stored as their JSON documents, so a retrieve hands the stored text straight
back. Every row carries the tenant (a fingerprint of the API key), and every query filters
on it: that is what makes each key its own platform. One connection, opened and used on the
server's event-loop thread only; a handler never awaits inside a transaction, so each
request's writes are atomic with respect to the others.
"""

import sqlite3
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import DuplicateEmail, ResourceMissing
from .webhooks_store import WebhookTables

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_by_tenant ON accounts (tenant, id);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT,
    email TEXT,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS users_by_account ON users (tenant, account_id, id);
CREATE UNIQUE INDEX IF NOT EXISTS users_unique_email
    ON users (account_id, lower(email)) WHERE email IS NOT NULL;
CREATE TABLE IF NOT EXISTS account_sessions (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    components TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS account_sessions_by_account ON account_sessions (account_id);
CREATE TABLE IF NOT EXISTS idempotency (
    tenant TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    stored_at REAL NOT NULL,
    PRIMARY KEY (tenant, key)
);
"""


@dataclass(frozen=True)
class PageQuery:
    """Keyset page: rows older than ``after`` (next page) or newer than ``before`` (previous)."""

    limit: int
    after: str | None = None
    before: str | None = None


@dataclass(frozen=True)
class PageRows:
    """A page newest first, and whether rows exist past each edge of it."""

    ids: list[str]
    documents: list[str]
    has_older: bool
    has_newer: bool


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    status: int
    body: str
    stored_at: float


class Store:
    def __init__(self, path: str) -> None:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per request.
        self._db = sqlite3.connect(path, isolation_level=None)
        # WAL with synchronous=NORMAL: a commit is in the WAL file before we answer, so it
        # survives kill -9 of this process (only a power loss could lose the last commits).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)
        self.webhooks = WebhookTables(self._db)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Generator[None, None, None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def newest_ids(self) -> list[str]:
        """The newest id of each table, so a reopened seeded run never reuses one."""
        rows = self._db.execute(
            "SELECT max(id) FROM accounts UNION ALL SELECT max(id) FROM users"
        ).fetchall()
        return [row[0] for row in rows if row[0] is not None]

    # Accounts

    def insert_account(self, tenant: str, account_id: str, document: str) -> None:
        self._db.execute(
            "INSERT INTO accounts (id, tenant, document) VALUES (?, ?, ?)",
            (account_id, tenant, document),
        )

    def account(self, tenant: str, account_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM accounts WHERE id = ? AND tenant = ?", (account_id, tenant)
        ).fetchone()
        if row is None:
            raise ResourceMissing("account", account_id)
        return str(row[0])

    def replace_account(self, tenant: str, account_id: str, document: str) -> None:
        self._db.execute(
            "UPDATE accounts SET document = ? WHERE id = ? AND tenant = ?",
            (document, account_id, tenant),
        )

    def delete_account(self, tenant: str, account_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM accounts WHERE id = ? AND tenant = ?", (account_id, tenant)
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("account", account_id)

    def account_page(self, tenant: str, page: PageQuery) -> PageRows:
        return self._page("accounts", "tenant = ?", (tenant,), page)

    # Users

    def insert_user(
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
                "INSERT INTO users (id, tenant, account_id, name, email, document)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, tenant, account_id, name, email, document),
            )
        except sqlite3.IntegrityError as exc:
            raise _duplicate_email(email) from exc

    def user(self, tenant: str, account_id: str, user_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM users WHERE id = ? AND tenant = ? AND account_id = ?",
            (user_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("user", user_id)
        return str(row[0])

    def replace_user(
        self, tenant: str, user_id: str, name: str | None, email: str | None, document: str
    ) -> None:
        try:
            self._db.execute(
                "UPDATE users SET name = ?, email = ?, document = ? WHERE id = ? AND tenant = ?",
                (name, email, document, user_id, tenant),
            )
        except sqlite3.IntegrityError as exc:
            raise _duplicate_email(email) from exc

    def delete_user(self, tenant: str, account_id: str, user_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM users WHERE id = ? AND tenant = ? AND account_id = ?",
            (user_id, tenant, account_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("user", user_id)

    def user_page(
        self, tenant: str, account_id: str, search: str | None, page: PageQuery
    ) -> PageRows:
        where = "tenant = ? AND account_id = ?"
        params: tuple[str, ...] = (tenant, account_id)
        if search:
            pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%") + "%"
            pattern = pattern.replace("_", "\\_")
            where += " AND (lower(name) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\')"
            params += (pattern, pattern)
        return self._page("users", where, params, page)

    # Account sessions

    def insert_account_session(
        self, account_id: str, components: str, created_at: str, expires_at: str
    ) -> None:
        self._db.execute(
            "INSERT INTO account_sessions (account_id, components, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (account_id, components, created_at, expires_at),
        )

    # Idempotency

    def stored_answer(self, tenant: str, key: str) -> StoredAnswer | None:
        row = self._db.execute(
            "SELECT fingerprint, status, body, stored_at FROM idempotency"
            " WHERE tenant = ? AND key = ?",
            (tenant, key),
        ).fetchone()
        return None if row is None else StoredAnswer(row[0], row[1], row[2], row[3])

    def store_answer(self, tenant: str, key: str, answer: StoredAnswer) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO idempotency"
            " (tenant, key, fingerprint, status, body, stored_at) VALUES (?, ?, ?, ?, ?, ?)",
            (tenant, key, answer.fingerprint, answer.status, answer.body, answer.stored_at),
        )

    # Control

    def reset(self, tenant: str | None) -> None:
        with self.transaction():
            if tenant is None:
                self._db.execute("DELETE FROM accounts")
                self._db.execute("DELETE FROM idempotency")
            else:
                self._db.execute("DELETE FROM accounts WHERE tenant = ?", (tenant,))
                self._db.execute("DELETE FROM idempotency WHERE tenant = ?", (tenant,))

    def _page(self, table: str, where: str, params: tuple[str, ...], page: PageQuery) -> PageRows:
        fetch = page.limit + 1
        if page.before is not None:
            rows = self._db.execute(
                f"SELECT id, document FROM {table} WHERE {where} AND id > ?"  # noqa: S608
                " ORDER BY id ASC LIMIT ?",
                (*params, page.before, fetch),
            ).fetchall()
            more_ahead = len(rows) > page.limit
            rows = rows[: page.limit][::-1]
        else:
            cursor_sql, cursor_params = (
                ("", ()) if page.after is None else (" AND id < ?", (page.after,))
            )
            rows = self._db.execute(
                f"SELECT id, document FROM {table} WHERE {where}{cursor_sql}"  # noqa: S608
                " ORDER BY id DESC LIMIT ?",
                (*params, *cursor_params, fetch),
            ).fetchall()
            more_ahead = len(rows) > page.limit
            rows = rows[: page.limit]
        ids = [row[0] for row in rows]
        documents = [row[1] for row in rows]
        if page.before is not None:
            has_newer = more_ahead
            has_older = bool(ids) and self._exists(table, where, params, "<", ids[-1])
        else:
            has_older = more_ahead
            has_newer = (
                page.after is not None
                and bool(ids)
                and self._exists(table, where, params, ">", ids[0])
            )
        return PageRows(ids, documents, has_older, has_newer)

    def _exists(
        self, table: str, where: str, params: tuple[str, ...], operator: str, edge: str
    ) -> bool:
        row = self._db.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {where} AND id {operator} ?)",  # noqa: S608
            (*params, edge),
        ).fetchone()
        return bool(row[0])


def _duplicate_email(email: str | None) -> DuplicateEmail:
    return DuplicateEmail(
        f"A user with email {email!r} already exists in this account", {"field": "email"}
    )
