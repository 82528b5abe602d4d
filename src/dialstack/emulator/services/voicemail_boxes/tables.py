"""The shared voicemail boxes' table. Knows no HTTP."""

from ...core.db import Database
from ...core.errors import Conflict, ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS shared_voicemail_boxes (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shared_voicemail_boxes_by_account
    ON shared_voicemail_boxes (tenant, account_id, id);
"""

MAX_BOXES = 100
"""Boxes one account may hold: bounds what an account stores."""

_BOXES = Keyset("shared_voicemail_boxes")


class BoxTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, tenant: str, account_id: str, box_id: str, document: str) -> None:
        (count,) = self._db.execute(
            "SELECT count(*) FROM shared_voicemail_boxes WHERE tenant = ? AND account_id = ?",
            (tenant, account_id),
        ).fetchone()
        if count >= MAX_BOXES:
            raise Conflict(
                "shared_voicemail_box_limit_reached",
                f"The account already has {MAX_BOXES} shared voicemail boxes, the most it may have",
                {"account": account_id},
            )
        self._db.execute(
            "INSERT INTO shared_voicemail_boxes (id, tenant, account_id, document)"
            " VALUES (?, ?, ?, ?)",
            (box_id, tenant, account_id, document),
        )

    def document(self, tenant: str, account_id: str, box_id: str) -> str:
        """Raises ResourceMissing for another account's box as for a missing one."""
        row = self._db.execute(
            "SELECT document FROM shared_voicemail_boxes"
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (box_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("shared voicemail box", box_id)
        return str(row[0])

    def exists(self, tenant: str, account_id: str, box_id: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM shared_voicemail_boxes WHERE id = ? AND tenant = ? AND account_id = ?",
            (box_id, tenant, account_id),
        ).fetchone()
        return row is not None

    def replace(self, tenant: str, box_id: str, document: str) -> None:
        self._db.execute(
            "UPDATE shared_voicemail_boxes SET document = ? WHERE id = ? AND tenant = ?",
            (document, box_id, tenant),
        )

    def delete(self, tenant: str, box_id: str) -> None:
        self._db.execute(
            "DELETE FROM shared_voicemail_boxes WHERE id = ? AND tenant = ?", (box_id, tenant)
        )

    def page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, _BOXES, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )
