"""The calls' tables: phone numbers, call logs, voicemails, recordings, transcripts, the
simulations still running and the listeners of live calls. Knows no HTTP.

Rows carry the tenant and the account, and every query filters on both. Lists are newest
first by a time other than the id's (``started_at``, ``created_at``), so their keyset is
``(sort_us, id)``.
"""

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...core.api_request import to_json
from ...core.db import Database, Migration
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page
from ...core.timestamps import iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS phone_numbers (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    phone_number TEXT NOT NULL,
    status TEXT NOT NULL,
    sort_us INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS phone_numbers_by_account
    ON phone_numbers (account_id, sort_us, id);
CREATE INDEX IF NOT EXISTS phone_numbers_by_status
    ON phone_numbers (account_id, status, sort_us, id);
CREATE TABLE IF NOT EXISTS call_logs (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id TEXT,
    did_id TEXT,
    direction TEXT NOT NULL,
    from_number TEXT NOT NULL,
    to_number TEXT,
    dialled_number TEXT,
    status TEXT,
    sort_us INTEGER NOT NULL,
    recording_path TEXT,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS call_logs_by_account ON call_logs (account_id, sort_us, id);
-- One index per filter the description admits, each in the list's order, so a filtered page
-- reads only the rows it matches, however many the account has (``to_number=`` reads the
-- dialled number, which a call has from its start).
CREATE INDEX IF NOT EXISTS call_logs_by_user ON call_logs (account_id, user_id, sort_us, id);
CREATE INDEX IF NOT EXISTS call_logs_by_did ON call_logs (account_id, did_id, sort_us, id);
CREATE INDEX IF NOT EXISTS call_logs_by_direction
    ON call_logs (account_id, direction, sort_us, id);
CREATE INDEX IF NOT EXISTS call_logs_by_from_number
    ON call_logs (account_id, from_number, sort_us, id);
CREATE INDEX IF NOT EXISTS call_logs_by_dialled_number
    ON call_logs (account_id, dialled_number, sort_us, id);
CREATE INDEX IF NOT EXISTS call_logs_by_status ON call_logs (account_id, status, sort_us, id);
CREATE TABLE IF NOT EXISTS voicemails (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    is_read INTEGER NOT NULL,
    sort_us INTEGER NOT NULL,
    duration_seconds INTEGER NOT NULL,
    audio_path TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS voicemails_by_account ON voicemails (account_id, sort_us, id);
CREATE INDEX IF NOT EXISTS voicemails_by_owner ON voicemails (account_id, owner, sort_us, id);
CREATE INDEX IF NOT EXISTS voicemails_by_is_read
    ON voicemails (account_id, is_read, sort_us, id);
CREATE TABLE IF NOT EXISTS recordings (
    call_id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    duration_seconds INTEGER NOT NULL,
    path TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transcripts (
    subject_id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS simulations (
    call_id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    next_due REAL NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS simulations_due ON simulations (tenant, next_due);
CREATE TABLE IF NOT EXISTS call_listeners (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    call_id TEXT NOT NULL,
    sort_us INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS call_listeners_by_call
    ON call_listeners (account_id, call_id, sort_us, id);
"""
_PHONE_NUMBERS = Keyset("phone_numbers", ("sort_us", "id"))

PHONE_NUMBER_DEFAULTS: Mapping[str, Any] = {
    "number_class": "account_owned",
    "expires_at": None,
    "disconnected_at": None,
    "outbound_enabled": True,
    "fax_enabled": False,
    "config": {},
    "caller_id_name": None,
    "caller_id_prefix": None,
    "caller_id_visibility": "PUBLIC",
    "directory_listing_name": None,
    "directory_listing_type": "non_listed",
    "directory_listing_location": None,
    "routing_target": None,
    "inbound_routing": "default",
}
"""What a number the API has just given an account holds besides its id, number and status."""


def _richer_phone_numbers(db: sqlite3.Connection) -> None:
    """Numbers route calls (``routing_target``, read by the router's referrers) and are found
    by their E.164 form (an inbound call, a fax); stored ones gain the fields they lacked."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(phone_numbers)")}
    if "routing_target" not in columns:
        db.execute("ALTER TABLE phone_numbers ADD COLUMN routing_target TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS phone_numbers_by_routing_target"
        " ON phone_numbers (tenant, account_id, routing_target)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS phone_numbers_by_e164"
        " ON phone_numbers (tenant, account_id, phone_number)"
    )
    for number_id, document in db.execute("SELECT id, document FROM phone_numbers").fetchall():
        number = json.loads(document)
        richer: dict[str, Any] = {
            **PHONE_NUMBER_DEFAULTS,
            "updated_at": number["created_at"],
            **number,
        }
        db.execute(
            "UPDATE phone_numbers SET document = ? WHERE id = ?",
            (json.dumps(richer, separators=(",", ":"), ensure_ascii=False), number_id),
        )


MIGRATIONS = (Migration(170, _richer_phone_numbers),)
_CALL_LOGS = Keyset("call_logs", ("sort_us", "id"), extra="recording_path")
_VOICEMAILS = Keyset("voicemails", ("sort_us", "id"), extra="audio_path")
_LISTENERS = Keyset("call_listeners", ("sort_us", "id"))


@dataclass(frozen=True)
class Stored:
    document: str
    media_path: str | None
    """Where its audio is served (``media.media_path``), when it has any."""


@dataclass(frozen=True)
class CallFilters:
    user: str | None = None
    did: str | None = None
    direction: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    status: str | None = None
    from_us: int | None = None
    to_us: int | None = None


class CallTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    # Phone numbers

    def add_phone_number(
        self,
        tenant: str,
        account_id: str,
        number_id: str,
        *,
        phone_number: str,
        status: str,
        at: float,
    ) -> dict[str, Any]:
        """A number of the account from ``at`` (Unix seconds) on, with the API's defaults."""
        stamp = iso(int(at * 1_000_000_000))
        number: dict[str, Any] = {
            "id": number_id,
            "object": "phone_number",
            "phone_number": phone_number,
            "status": status,
            **PHONE_NUMBER_DEFAULTS,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self._db.execute(
            "INSERT INTO phone_numbers"
            " (id, tenant, account_id, phone_number, status, sort_us, document)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                number_id,
                tenant,
                account_id,
                phone_number,
                status,
                int(at * 1_000_000),
                to_json(number),
            ),
        )
        return number

    def phone_numbers(self, tenant: str, account_id: str) -> list[str]:
        """Every number of the account, oldest first."""
        rows = self._db.execute(
            "SELECT document FROM phone_numbers WHERE tenant = ? AND account_id = ?"
            " ORDER BY sort_us, id",
            (tenant, account_id),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def phone_number(self, tenant: str, account_id: str, number_id: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM phone_numbers WHERE id = ? AND tenant = ? AND account_id = ?",
            (number_id, tenant, account_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def phone_number_by_e164(self, tenant: str, account_id: str, e164: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM phone_numbers"
            " WHERE tenant = ? AND account_id = ? AND phone_number = ? ORDER BY sort_us LIMIT 1",
            (tenant, account_id, e164),
        ).fetchone()
        return None if row is None else str(row[0])

    def replace_phone_number(
        self,
        tenant: str,
        number_id: str,
        *,
        status: str,
        routing_target: str | None,
        document: str,
    ) -> None:
        self._db.execute(
            "UPDATE phone_numbers SET status = ?, routing_target = ?, document = ?"
            " WHERE id = ? AND tenant = ?",
            (status, routing_target, document, number_id, tenant),
        )

    def number_routing_to(self, tenant: str, account_id: str, target_id: str) -> str | None:
        """A number of the account whose inbound calls go to the target, None when none."""
        row = self._db.execute(
            "SELECT id FROM phone_numbers"
            " WHERE tenant = ? AND account_id = ? AND routing_target = ? LIMIT 1",
            (tenant, account_id, target_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def phone_number_page(
        self, tenant: str, account_id: str, status: str | None, page: PageQuery
    ) -> PageRows:
        where, params = "tenant = ? AND account_id = ?", [tenant, account_id]
        if status is not None:
            where += " AND status = ?"
            params.append(status)
        return keyset_page(self._db, _PHONE_NUMBERS, where, params, page)

    # Call logs

    def save_call(
        self,
        tenant: str,
        account_id: str,
        call_id: str,
        *,
        user_id: str | None,
        did_id: str | None,
        direction: str,
        from_number: str,
        to_number: str | None,
        dialled_number: str | None,
        status: str | None,
        sort_us: int,
        recording_path: str | None,
        document: str,
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO call_logs (id, tenant, account_id, user_id, did_id,"
            " direction, from_number, to_number, dialled_number, status, sort_us,"
            " recording_path, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                call_id,
                tenant,
                account_id,
                user_id,
                did_id,
                direction,
                from_number,
                to_number,
                dialled_number,
                status,
                sort_us,
                recording_path,
                document,
            ),
        )

    def call(self, tenant: str, account_id: str, call_id: str) -> Stored | None:
        row = self._db.execute(
            "SELECT document, recording_path FROM call_logs"
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (call_id, tenant, account_id),
        ).fetchone()
        return None if row is None else Stored(row[0], row[1])

    def call_page(
        self, tenant: str, account_id: str, filters: CallFilters, page: PageQuery
    ) -> PageRows:
        where, params = ["tenant = ? AND account_id = ?"], list[object]([tenant, account_id])
        for column, value in (
            ("user_id", filters.user),
            ("did_id", filters.did),
            ("direction", filters.direction),
            ("from_number", filters.from_number),
            ("status", filters.status),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if filters.to_number is not None:
            # A call log's to_number is its dialled number once shown (a live inbound call
            # shows none yet), so the dialled number alone says which calls match, from one
            # index.
            where.append("dialled_number = ?")
            params.append(filters.to_number)
        if filters.from_us is not None:
            where.append("sort_us >= ?")
            params.append(filters.from_us)
        if filters.to_us is not None:
            where.append("sort_us < ?")
            params.append(filters.to_us)
        return keyset_page(self._db, _CALL_LOGS, " AND ".join(where), params, page)

    # Voicemails

    def insert_voicemail(
        self,
        tenant: str,
        account_id: str,
        voicemail_id: str,
        *,
        owner: str,
        sort_us: int,
        duration_seconds: int,
        audio_path: str,
        document: str,
    ) -> None:
        self._db.execute(
            "INSERT INTO voicemails (id, tenant, account_id, owner, is_read, sort_us,"
            " duration_seconds, audio_path, document) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
            (
                voicemail_id,
                tenant,
                account_id,
                owner,
                sort_us,
                duration_seconds,
                audio_path,
                document,
            ),
        )

    def replace_voicemail(
        self, tenant: str, voicemail_id: str, is_read: bool, document: str
    ) -> None:
        """A no-op when the voicemail was deleted meanwhile."""
        self._db.execute(
            "UPDATE voicemails SET is_read = ?, document = ? WHERE id = ? AND tenant = ?",
            (int(is_read), document, voicemail_id, tenant),
        )

    def voicemail(self, tenant: str, account_id: str, voicemail_id: str) -> Stored | None:
        row = self._db.execute(
            "SELECT document, audio_path FROM voicemails"
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (voicemail_id, tenant, account_id),
        ).fetchone()
        return None if row is None else Stored(row[0], row[1])

    def delete_voicemail(self, tenant: str, account_id: str, voicemail_id: str) -> bool:
        cursor = self._db.execute(
            "DELETE FROM voicemails WHERE id = ? AND tenant = ? AND account_id = ?",
            (voicemail_id, tenant, account_id),
        )
        self._db.execute(
            "DELETE FROM transcripts WHERE subject_id = ? AND tenant = ?", (voicemail_id, tenant)
        )
        return cursor.rowcount > 0

    def voicemail_page(
        self,
        tenant: str,
        account_id: str,
        page: PageQuery,
        *,
        owner: str | None,
        is_read: bool | None,
        from_us: int | None,
    ) -> PageRows:
        where, params = ["tenant = ? AND account_id = ?"], list[object]([tenant, account_id])
        if owner is not None:
            where.append("owner = ?")
            params.append(owner)
        if is_read is not None:
            where.append("is_read = ?")
            params.append(int(is_read))
        if from_us is not None:
            where.append("sort_us >= ?")
            params.append(from_us)
        return keyset_page(self._db, _VOICEMAILS, " AND ".join(where), params, page)

    # Recordings and transcripts

    def save_recording(
        self,
        tenant: str,
        account_id: str,
        call_id: str,
        *,
        duration_seconds: int,
        path: str,
        document: str,
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO recordings"
            " (call_id, tenant, account_id, duration_seconds, path, document)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (call_id, tenant, account_id, duration_seconds, path, document),
        )

    def recording(self, tenant: str, account_id: str, call_id: str) -> Stored | None:
        row = self._db.execute(
            "SELECT document, path FROM recordings"
            " WHERE call_id = ? AND tenant = ? AND account_id = ?",
            (call_id, tenant, account_id),
        ).fetchone()
        return None if row is None else Stored(row[0], row[1])

    def media_seconds(self, tenant: str, account_id: str, kind: str, object_id: str) -> int | None:
        """The length of a recording or voicemail's audio; None when it does not exist."""
        table, key = ("recordings", "call_id") if kind == "recordings" else ("voicemails", "id")
        row = self._db.execute(
            f"SELECT duration_seconds FROM {table}"  # noqa: S608 (two fixed names)
            f" WHERE {key} = ? AND tenant = ? AND account_id = ?",
            (object_id, tenant, account_id),
        ).fetchone()
        return None if row is None else int(row[0])

    def save_transcript(
        self, tenant: str, account_id: str, subject_id: str, document: str, *, create: bool
    ) -> None:
        """``create``: a new transcript; else an update (a no-op once its subject is gone)."""
        if create:
            self._db.execute(
                "INSERT INTO transcripts (subject_id, tenant, account_id, document)"
                " VALUES (?, ?, ?, ?)",
                (subject_id, tenant, account_id, document),
            )
        else:
            self._db.execute(
                "UPDATE transcripts SET document = ? WHERE subject_id = ? AND tenant = ?",
                (document, subject_id, tenant),
            )

    def transcript(self, tenant: str, account_id: str, subject_id: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM transcripts"
            " WHERE subject_id = ? AND tenant = ? AND account_id = ?",
            (subject_id, tenant, account_id),
        ).fetchone()
        return None if row is None else str(row[0])

    # Simulations in stepped time

    def save_simulation(
        self, tenant: str, account_id: str, call_id: str, next_due: float | None, state: str
    ) -> None:
        if next_due is None:
            self._db.execute("DELETE FROM simulations WHERE call_id = ?", (call_id,))
            return
        self._db.execute(
            "INSERT OR REPLACE INTO simulations (call_id, tenant, account_id, next_due, state)"
            " VALUES (?, ?, ?, ?, ?)",
            (call_id, tenant, account_id, next_due, state),
        )

    def due_simulations(self, tenant: str, now: float) -> list[tuple[str, str]]:
        """(account id, state) of the tenant's simulations with a step due, soonest first."""
        rows = self._db.execute(
            "SELECT account_id, state FROM simulations WHERE tenant = ? AND next_due <= ?"
            " ORDER BY next_due, call_id",
            (tenant, now),
        ).fetchall()
        return [(str(row[0]), str(row[1])) for row in rows]

    def simulation(self, tenant: str, account_id: str, call_id: str) -> str | None:
        """The state of a simulated call with steps still to run."""
        row = self._db.execute(
            "SELECT state FROM simulations WHERE call_id = ? AND tenant = ? AND account_id = ?",
            (call_id, tenant, account_id),
        ).fetchone()
        return None if row is None else str(row[0])

    # Listeners

    def insert_listener(
        self,
        tenant: str,
        account_id: str,
        call_id: str,
        listener_id: str,
        *,
        sort_us: int,
        document: str,
    ) -> None:
        self._db.execute(
            "INSERT INTO call_listeners (id, tenant, account_id, call_id, sort_us, document)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (listener_id, tenant, account_id, call_id, sort_us, document),
        )

    def listener_count(self, tenant: str, account_id: str, call_id: str) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM call_listeners"
            " WHERE tenant = ? AND account_id = ? AND call_id = ?",
            (tenant, account_id, call_id),
        ).fetchone()
        return int(row[0])

    def listener(self, tenant: str, account_id: str, call_id: str, listener_id: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM call_listeners"
            " WHERE id = ? AND tenant = ? AND account_id = ? AND call_id = ?",
            (listener_id, tenant, account_id, call_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def delete_listener(self, tenant: str, account_id: str, call_id: str, listener_id: str) -> bool:
        cursor = self._db.execute(
            "DELETE FROM call_listeners"
            " WHERE id = ? AND tenant = ? AND account_id = ? AND call_id = ?",
            (listener_id, tenant, account_id, call_id),
        )
        return cursor.rowcount > 0

    def listener_page(
        self, tenant: str, account_id: str, call_id: str, page: PageQuery
    ) -> PageRows:
        where = "tenant = ? AND account_id = ? AND call_id = ?"
        return keyset_page(self._db, _LISTENERS, where, [tenant, account_id, call_id], page)
