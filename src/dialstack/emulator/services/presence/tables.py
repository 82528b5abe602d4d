"""Presence's tables: live calls per user, simulated registrations, queue agents, park slots.
Knows no HTTP.

Every row carries the tenant and the account, and every query filters on both; park slots
and live calls are few per account, read by their primary keys.
"""

import sqlite3
from dataclasses import dataclass

from ...core.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS presence_live_calls (
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    answered_at REAL,
    PRIMARY KEY (tenant, account_id, user_id, call_id)
);
CREATE TABLE IF NOT EXISTS presence_registrations (
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    webrtc_sessions INTEGER NOT NULL,
    PRIMARY KEY (tenant, account_id, user_id)
);
CREATE TABLE IF NOT EXISTS queue_agents (
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    paused_at TEXT,
    pause_reason TEXT,
    logged_in_at TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant, account_id, user_id)
);
CREATE TABLE IF NOT EXISTS park_slots (
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    slot INTEGER NOT NULL,
    call_id TEXT,
    from_number TEXT NOT NULL,
    from_label TEXT NOT NULL,
    parked_by TEXT,
    parked_at REAL NOT NULL,
    rings_back_at REAL NOT NULL,
    PRIMARY KEY (tenant, account_id, slot)
);
"""


@dataclass(frozen=True)
class Registration:
    webrtc_sessions: int


@dataclass(frozen=True)
class QueueAgentRow:
    status: str
    paused_at: str | None
    pause_reason: str | None
    logged_in_at: str | None
    updated_at: str


@dataclass(frozen=True)
class ParkedCallRow:
    slot: int
    call_id: str | None
    from_number: str
    from_label: str
    parked_by: str | None
    parked_at: float
    rings_back_at: float


class PresenceTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- live calls ---------------------------------------------------------------------

    def call_ringing(self, tenant: str, account_id: str, user_id: str, call_id: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO presence_live_calls"
            " (tenant, account_id, user_id, call_id, answered_at) VALUES (?, ?, ?, ?, NULL)",
            (tenant, account_id, user_id, call_id),
        )

    def call_answered(
        self, tenant: str, account_id: str, user_id: str, call_id: str, at: float
    ) -> None:
        self._db.execute(
            "INSERT INTO presence_live_calls (tenant, account_id, user_id, call_id, answered_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET answered_at = excluded.answered_at",
            (tenant, account_id, user_id, call_id, at),
        )

    def call_ended(self, tenant: str, account_id: str, user_id: str, call_id: str) -> None:
        self._db.execute(
            "DELETE FROM presence_live_calls"
            " WHERE tenant = ? AND account_id = ? AND user_id = ? AND call_id = ?",
            (tenant, account_id, user_id, call_id),
        )

    def in_call_since(self, tenant: str, account_id: str, user_id: str) -> float | None:
        """When the user's earliest answered live call was answered; None: on no call."""
        (since,) = self._db.execute(
            "SELECT min(answered_at) FROM presence_live_calls"
            " WHERE tenant = ? AND account_id = ? AND user_id = ? AND answered_at IS NOT NULL",
            (tenant, account_id, user_id),
        ).fetchone()
        return None if since is None else float(since)

    # --- registrations ------------------------------------------------------------------

    def register(
        self, tenant: str, account_id: str, user_id: str, registered: bool, webrtc_sessions: int
    ) -> None:
        if not registered:
            self._db.execute(
                "DELETE FROM presence_registrations"
                " WHERE tenant = ? AND account_id = ? AND user_id = ?",
                (tenant, account_id, user_id),
            )
            return
        self._db.execute(
            "INSERT INTO presence_registrations (tenant, account_id, user_id, webrtc_sessions)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET webrtc_sessions = excluded.webrtc_sessions",
            (tenant, account_id, user_id, webrtc_sessions),
        )

    def registration(self, tenant: str, account_id: str, user_id: str) -> Registration | None:
        row = self._db.execute(
            "SELECT webrtc_sessions FROM presence_registrations"
            " WHERE tenant = ? AND account_id = ? AND user_id = ?",
            (tenant, account_id, user_id),
        ).fetchone()
        return None if row is None else Registration(int(row[0]))

    # --- queue agents -------------------------------------------------------------------

    def queue_agent(self, tenant: str, account_id: str, user_id: str) -> QueueAgentRow | None:
        row = self._db.execute(
            "SELECT status, paused_at, pause_reason, logged_in_at, updated_at FROM queue_agents"
            " WHERE tenant = ? AND account_id = ? AND user_id = ?",
            (tenant, account_id, user_id),
        ).fetchone()
        return None if row is None else QueueAgentRow(*row)

    def save_queue_agent(
        self, tenant: str, account_id: str, user_id: str, agent: QueueAgentRow
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO queue_agents (tenant, account_id, user_id, status,"
            " paused_at, pause_reason, logged_in_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tenant,
                account_id,
                user_id,
                agent.status,
                agent.paused_at,
                agent.pause_reason,
                agent.logged_in_at,
                agent.updated_at,
            ),
        )

    # --- park slots ---------------------------------------------------------------------

    def park(self, tenant: str, account_id: str, parked: ParkedCallRow) -> None:
        try:
            self._db.execute(
                "INSERT INTO park_slots (tenant, account_id, slot, call_id, from_number,"
                " from_label, parked_by, parked_at, rings_back_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    tenant,
                    account_id,
                    parked.slot,
                    parked.call_id,
                    parked.from_number,
                    parked.from_label,
                    parked.parked_by,
                    parked.parked_at,
                    parked.rings_back_at,
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise SlotTaken(parked.slot) from exc

    def free(self, tenant: str, account_id: str, slot: int) -> bool:
        cursor = self._db.execute(
            "DELETE FROM park_slots WHERE tenant = ? AND account_id = ? AND slot = ?",
            (tenant, account_id, slot),
        )
        return cursor.rowcount > 0

    def free_rung_out(self, tenant: str, account_id: str, before: float) -> None:
        """Free the slots whose ring-back ended unanswered by ``before``."""
        self._db.execute(
            "DELETE FROM park_slots WHERE tenant = ? AND account_id = ? AND rings_back_at <= ?",
            (tenant, account_id, before),
        )

    def parked(self, tenant: str, account_id: str) -> list[ParkedCallRow]:
        rows = self._db.execute(
            "SELECT slot, call_id, from_number, from_label, parked_by, parked_at, rings_back_at"
            " FROM park_slots WHERE tenant = ? AND account_id = ? ORDER BY slot",
            (tenant, account_id),
        ).fetchall()
        return [ParkedCallRow(*row) for row in rows]


class SlotTaken(Exception):
    def __init__(self, slot: int) -> None:
        super().__init__(f"Park slot {slot} is occupied")
        self.slot = slot
