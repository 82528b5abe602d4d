"""The users' session ledger: how often each user's sessions were revoked, and when last.
Knows no HTTP."""

from ...core.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS user_session_revocations (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    revocations INTEGER NOT NULL,
    revoked_at TEXT NOT NULL
);
"""


class UserSessionTables:
    """Also the core's ``UserSessionLedger``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def account_of(self, tenant: str, user_id: str) -> str | None:
        """The account of the platform's user, None when the platform has no such user."""
        row = self._db.execute(
            "SELECT account_id FROM users WHERE id = ? AND tenant = ?", (user_id, tenant)
        ).fetchone()
        return None if row is None else str(row[0])

    def revocations(self, tenant: str, account_id: str, user_id: str) -> int | None:
        row = self._db.execute(
            "SELECT coalesce(r.revocations, 0) FROM users AS u"
            " LEFT JOIN user_session_revocations AS r ON r.user_id = u.id"
            " WHERE u.id = ? AND u.tenant = ? AND u.account_id = ?",
            (user_id, tenant, account_id),
        ).fetchone()
        return None if row is None else int(row[0])

    def revoke(self, user_id: str, revoked_at: str) -> None:
        self._db.execute(
            "INSERT INTO user_session_revocations (user_id, revocations, revoked_at)"
            " VALUES (?, 1, ?) ON CONFLICT (user_id) DO UPDATE"
            " SET revocations = revocations + 1, revoked_at = excluded.revoked_at",
            (user_id, revoked_at),
        )
