"""The greetings' table: the bytes as uploaded, and what the API shows of them. Knows no HTTP."""

from dataclasses import dataclass
from typing import NamedTuple

from ...core.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS voicemail_greetings (
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    greeting_type TEXT NOT NULL,
    audio BLOB NOT NULL,
    media_type TEXT NOT NULL,
    duration_seconds REAL NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant, account_id, owner, greeting_type)
);
"""


class GreetingKey(NamedTuple):
    tenant: str
    account_id: str
    owner: str
    greeting_type: str


@dataclass(frozen=True)
class Greeting:
    media_type: str
    duration_seconds: float
    size_bytes: int
    updated_at: str


class GreetingTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, key: GreetingKey, audio: bytes, greeting: Greeting) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO voicemail_greetings (tenant, account_id, owner,"
            " greeting_type, audio, media_type, duration_seconds, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *key,
                audio,
                greeting.media_type,
                greeting.duration_seconds,
                greeting.updated_at,
            ),
        )

    def find(self, key: GreetingKey) -> Greeting | None:
        row = self._db.execute(
            "SELECT media_type, duration_seconds, length(audio), updated_at"
            " FROM voicemail_greetings"
            " WHERE tenant = ? AND account_id = ? AND owner = ? AND greeting_type = ?",
            key,
        ).fetchone()
        return None if row is None else Greeting(row[0], float(row[1]), int(row[2]), row[3])

    def audio(self, key: GreetingKey) -> tuple[str, bytes] | None:
        """The media type and bytes, as uploaded."""
        row = self._db.execute(
            "SELECT media_type, audio FROM voicemail_greetings"
            " WHERE tenant = ? AND account_id = ? AND owner = ? AND greeting_type = ?",
            key,
        ).fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    def delete(self, key: GreetingKey) -> None:
        self._db.execute(
            "DELETE FROM voicemail_greetings"
            " WHERE tenant = ? AND account_id = ? AND owner = ? AND greeting_type = ?",
            key,
        )
