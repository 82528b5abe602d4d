"""SQLite storage: schema, transactions and queries. Knows no HTTP.

Objects are stored as their JSON documents, so a retrieve hands the stored text straight
back. Every row carries the tenant (a digest of the API key), and every query filters
on it: that is what makes each key its own platform. One connection, opened and used on the
server's event-loop thread only; a handler never awaits inside a transaction, so each
request's writes are atomic with respect to the others.
"""

import sqlite3
import unicodedata
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import DuplicateEmail, ResourceMissing
from .store_calls import NEWEST_IDS as NEWEST_CALL_IDS
from .store_calls import SCHEMA as CALLS_SCHEMA
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
    document TEXT NOT NULL,
    email_key TEXT
);
CREATE INDEX IF NOT EXISTS users_by_account ON users (tenant, account_id, id);
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


# Version 1: emails unique by Unicode case folding (``email_key``), not ASCII ``lower()``.
_SCHEMA_VERSION = 1
_UNIQUE_EMAIL_INDEX = """
CREATE UNIQUE INDEX IF NOT EXISTS users_unique_email_key
    ON users (account_id, email_key) WHERE email_key IS NOT NULL;
"""


def caseless(text: str) -> str:
    """Unicode canonical caseless form: ``ÄDA@x.com``, ``äda@x.com`` and ``a\u0308da@x.com``
    are one address."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


def _caseless_or_none(text: str | None) -> str | None:
    return None if text is None else caseless(text)


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
    request_identity: str
    status: int
    body: str
    stored_at: float


class Store:
    def __init__(self, path: str) -> None:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per request.
        # check_same_thread=False: EmulatorTransport's caller may take a turn as the loop
        # (loop_turns.py); the loop's lock keeps the connection to one thread at a time.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # WAL with synchronous=NORMAL: a commit is in the WAL file before we answer, so it
        # survives kill -9 of this process (only a power loss could lose the last commits).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        # For searches only: an index never depends on a function another tool lacks.
        self._db.create_function("caseless", 1, _caseless_or_none, deterministic=True)
        self._db.executescript(_SCHEMA + CALLS_SCHEMA)
        self._migrate()
        self.webhooks = WebhookTables(self._db)

    def close(self) -> None:
        self._db.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """For the modules that keep their own tables here (``store_calls``)."""
        return self._db

    @contextmanager
    def transaction(self) -> Generator[None, None, None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        """Bring a database file from an earlier version of the emulator up to date."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version >= _SCHEMA_VERSION:
            return
        with self.transaction():
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(users)")}
            if "email_key" not in columns:
                self._db.execute("ALTER TABLE users ADD COLUMN email_key TEXT")
            self._db.execute("DROP INDEX IF EXISTS users_unique_email")
            # Oldest first: where two stored addresses now collide, the first one keeps the
            # key and the later one stays as it is, unique-checked again when next changed.
            taken: set[tuple[str, str]] = set()
            rows = self._db.execute(
                "SELECT id, account_id, email FROM users WHERE email IS NOT NULL ORDER BY id"
            ).fetchall()
            for user_id, account_id, email in rows:
                key = caseless(email)
                if (account_id, key) not in taken:
                    taken.add((account_id, key))
                    self._db.execute("UPDATE users SET email_key = ? WHERE id = ?", (key, user_id))
            self._db.execute(_UNIQUE_EMAIL_INDEX)
            self._db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")

    def newest_ids(self) -> list[str]:
        """The newest id of each table, so a reopened seeded run never reuses one."""
        rows = self._db.execute(
            "SELECT max(id) FROM accounts UNION ALL SELECT max(id) FROM users"
        ).fetchall()
        rows += self._db.execute(NEWEST_CALL_IDS).fetchall()
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
                "INSERT INTO users (id, tenant, account_id, name, email, email_key, document)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (user_id, tenant, account_id, name, email, _caseless_or_none(email), document),
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
                "UPDATE users SET name = ?, email = ?, email_key = ?, document = ?"
                " WHERE id = ? AND tenant = ?",
                (name, email, _caseless_or_none(email), document, user_id, tenant),
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
            # instr, not LIKE: no pattern characters to escape, and no pattern length limit.
            where += " AND (instr(caseless(name), ?) > 0 OR instr(email_key, ?) > 0)"
            needle = caseless(search)
            params += (needle, needle)
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
            (tenant, key, answer.request_identity, answer.status, answer.body, answer.stored_at),
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
