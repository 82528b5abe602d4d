"""The one SQLite database: connection, transactions, and the schema composed from the services.

Objects are stored as their JSON documents, so a retrieve hands the stored text straight
back. Every row of a tenant's table carries the tenant (a digest of the API key) and every
query filters on it: that is what makes each key its own platform. One connection, opened
and used on the server's event-loop thread only; handlers are plain functions run inside
the transaction, so each request's writes are atomic with respect to the others.

A service brings its tables (``Service.schema``, idempotent ``CREATE ... IF NOT EXISTS``)
and its migrations. A migration's version is unique across the services (two claiming one
fail at open) and ``PRAGMA user_version`` holds the last one applied, so each runs once per
database file, in version order, and files written before the services existed open as
they did. What a reset empties and which ids a reopened database must
not make again are read from the tables themselves: a table with a ``tenant`` column holds
a tenant's rows, and an ``id`` column holds TypeIDs.
"""

import sqlite3
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .text import caseless

_CORE_SCHEMA = """
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
class Migration:
    """Brings a service's tables in a database file up to ``version``."""

    version: int
    apply: Callable[[sqlite3.Connection], None]
    """Runs inside a transaction of its own."""


def _caseless_or_none(text: str | None) -> str | None:
    return None if text is None else caseless(text)


class Database:
    """Opened by ``open`` and closed by ``close`` with the server's lifespan; the objects
    that query it are made once and outlive a reopening."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._tenant_tables: tuple[str, ...] = ()
        self._id_tables: tuple[str, ...] = ()

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise RuntimeError("the emulator's database is not open")
        return self._connection

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, tuple(parameters))

    def open(self, schema: str, migrations: Iterable[Migration]) -> None:
        """Create what ``schema`` creates, then run the migrations not run yet."""
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per request.
        # check_same_thread=False: EmulatorTransport's caller may take a turn as the loop
        # (server/loop_turns.py); the loop's lock keeps the connection to one thread at a time.
        db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        self._connection = db
        # WAL with synchronous=NORMAL: a commit is in the WAL file before we answer, so it
        # survives kill -9 of this process (only a power loss could lose the last commits).
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=5000")
        # For searches only: an index never depends on a function another tool lacks.
        db.create_function("caseless", 1, _caseless_or_none, deterministic=True)
        db.executescript(_CORE_SCHEMA + schema)
        self._migrate(migrations)
        tables = [
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        columns = {table: self._columns(table) for table in tables}
        self._tenant_tables = tuple(table for table in tables if "tenant" in columns[table])
        self._id_tables = tuple(table for table in tables if "id" in columns[table])

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextmanager
    def transaction(self) -> Generator[None, None, None]:
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @contextmanager
    def atomic(self) -> Generator[None, None, None]:
        """A transaction, or the caller's when one is open (a handler's write)."""
        if self.connection.in_transaction:
            yield
            return
        with self.transaction():
            yield

    def newest_ids(self) -> list[str]:
        """The newest id of each table, so a reopened seeded run never reuses one."""
        found = [
            self.execute(f"SELECT max(id) FROM {table}").fetchone()[0]  # noqa: S608 (our names)
            for table in self._id_tables
        ]
        return [newest for newest in found if newest is not None]

    def reset(self, tenant: str | None) -> None:
        """Delete a tenant's rows (None: everyone's) from every table that holds tenants'."""
        where, parameters = ("1 = 1", ()) if tenant is None else ("tenant = ?", (tenant,))
        with self.transaction():
            for table in self._tenant_tables:
                self.execute(f"DELETE FROM {table} WHERE {where}", parameters)  # noqa: S608

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self.execute(f"PRAGMA table_info({table})")}

    def _migrate(self, migrations: Iterable[Migration]) -> None:
        ordered = sorted(migrations, key=lambda migration: migration.version)
        versions = [migration.version for migration in ordered]
        if len(set(versions)) != len(versions):
            raise RuntimeError(f"two migrations claim one version: {versions}")
        (applied,) = self.execute("PRAGMA user_version").fetchone()
        for migration in ordered:
            if migration.version <= applied:
                continue
            with self.transaction():
                migration.apply(self.connection)
                self.execute(f"PRAGMA user_version = {int(migration.version)}")
