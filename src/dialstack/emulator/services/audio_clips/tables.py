"""The audio clips' table: the bytes as uploaded, and the clip's document. Knows no HTTP."""

from ...core.db import Database
from ...core.errors import Conflict, ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS audio_clips (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    media_type TEXT NOT NULL,
    audio BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS audio_clips_by_account ON audio_clips (tenant, account_id, id);
"""

MAX_CLIPS = 25
"""Clips one account may hold: with each at most 5 MB, bounds what an account stores."""

_CLIPS = Keyset("audio_clips")


class ClipTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(
        self,
        tenant: str,
        account_id: str,
        clip_id: str,
        document: str,
        *,
        media_type: str,
        audio: bytes,
    ) -> None:
        (count,) = self._db.execute(
            "SELECT count(*) FROM audio_clips WHERE tenant = ? AND account_id = ?",
            (tenant, account_id),
        ).fetchone()
        if count >= MAX_CLIPS:
            raise Conflict(
                "audio_clip_limit_reached",
                f"The account already has {MAX_CLIPS} audio clips, the most it may have",
                {"account": account_id},
            )
        self._db.execute(
            "INSERT INTO audio_clips (id, tenant, account_id, document, media_type, audio)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (clip_id, tenant, account_id, document, media_type, audio),
        )

    def document(self, tenant: str, account_id: str, clip_id: str) -> str:
        """Raises ResourceMissing for another account's clip as for a missing one."""
        row = self._db.execute(
            "SELECT document FROM audio_clips WHERE id = ? AND tenant = ? AND account_id = ?",
            (clip_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("audio clip", clip_id)
        return str(row[0])

    def audio(self, tenant: str, account_id: str, clip_id: str) -> tuple[str, bytes] | None:
        """The media type and bytes, as uploaded."""
        row = self._db.execute(
            "SELECT media_type, audio FROM audio_clips"
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (clip_id, tenant, account_id),
        ).fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    def delete(self, tenant: str, clip_id: str) -> None:
        self._db.execute("DELETE FROM audio_clips WHERE id = ? AND tenant = ?", (clip_id, tenant))

    def page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, _CLIPS, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )
