"""The voice apps', AI agents' and ``call.received`` deliveries' tables. Knows no HTTP."""

from collections.abc import Set
from dataclasses import dataclass

from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS voice_apps (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS voice_apps_by_account ON voice_apps (tenant, account_id, id);
CREATE TABLE IF NOT EXISTS ai_agents (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    voice_app_id TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ai_agents_by_account ON ai_agents (tenant, account_id, id);
CREATE INDEX IF NOT EXISTS ai_agents_by_voice_app
    ON ai_agents (tenant, account_id, voice_app_id);
CREATE TABLE IF NOT EXISTS voice_app_deliveries (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    voice_app_id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    status_code INTEGER,
    error TEXT,
    attempted_at REAL
);
CREATE INDEX IF NOT EXISTS voice_app_deliveries_by_tenant ON voice_app_deliveries (tenant, id);
CREATE INDEX IF NOT EXISTS voice_app_deliveries_by_status
    ON voice_app_deliveries (status, tenant, id);
"""
_VOICE_APPS = Keyset("voice_apps")
_AI_AGENTS = Keyset("ai_agents")

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


@dataclass(frozen=True)
class Delivery:
    id: str
    voice_app_id: str
    call_id: str
    url: str
    status: str
    status_code: int | None
    error: str | None
    attempted_at: float | None


@dataclass(frozen=True)
class Outgoing:
    """What one attempt sends: the body, signed with the app's secret at sending time."""

    tenant: str
    url: str
    secret: str | None
    """None when the app was deleted since the call reached it."""
    body: str


class VoiceAppTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    # Voice apps

    def insert_app(
        self,
        tenant: str,
        account_id: str,
        app_id: str,
        *,
        status: str,
        url: str,
        secret: str,
        document: str,
    ) -> None:
        self._db.execute(
            "INSERT INTO voice_apps (id, tenant, account_id, status, url, secret, document)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (app_id, tenant, account_id, status, url, secret, document),
        )

    def app_document(self, tenant: str, account_id: str, app_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM voice_apps WHERE id = ? AND tenant = ? AND account_id = ?",
            (app_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("voice app", app_id)
        return str(row[0])

    def app_route(self, tenant: str, account_id: str, app_id: str) -> tuple[str, str] | None:
        """The app's status and URL, None when the account has no such app."""
        row = self._db.execute(
            "SELECT status, url FROM voice_apps WHERE id = ? AND tenant = ? AND account_id = ?",
            (app_id, tenant, account_id),
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def replace_app(self, tenant: str, app_id: str, status: str, url: str, document: str) -> None:
        self._db.execute(
            "UPDATE voice_apps SET status = ?, url = ?, document = ? WHERE id = ? AND tenant = ?",
            (status, url, document, app_id, tenant),
        )

    def delete_app(self, tenant: str, account_id: str, app_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM voice_apps WHERE id = ? AND tenant = ? AND account_id = ?",
            (app_id, tenant, account_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("voice app", app_id)

    def app_page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, _VOICE_APPS, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )

    # AI agents

    def insert_agent(
        self, tenant: str, account_id: str, agent_id: str, voice_app_id: str, document: str
    ) -> None:
        self._db.execute(
            "INSERT INTO ai_agents (id, tenant, account_id, voice_app_id, document)"
            " VALUES (?, ?, ?, ?, ?)",
            (agent_id, tenant, account_id, voice_app_id, document),
        )

    def agent_document(self, tenant: str, account_id: str, agent_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM ai_agents WHERE id = ? AND tenant = ? AND account_id = ?",
            (agent_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("AI agent", agent_id)
        return str(row[0])

    def agent_voice_app(self, tenant: str, account_id: str, agent_id: str) -> str | None:
        row = self._db.execute(
            "SELECT voice_app_id FROM ai_agents WHERE id = ? AND tenant = ? AND account_id = ?",
            (agent_id, tenant, account_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def agent_backed_by(self, tenant: str, account_id: str, voice_app_id: str) -> str | None:
        """An AI agent the voice app backs (the oldest), None when none does."""
        row = self._db.execute(
            "SELECT id FROM ai_agents WHERE tenant = ? AND account_id = ? AND voice_app_id = ?"
            " ORDER BY id LIMIT 1",
            (tenant, account_id, voice_app_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def replace_agent(self, tenant: str, agent_id: str, document: str) -> None:
        self._db.execute(
            "UPDATE ai_agents SET document = ? WHERE id = ? AND tenant = ?",
            (document, agent_id, tenant),
        )

    def delete_agent(self, tenant: str, account_id: str, agent_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM ai_agents WHERE id = ? AND tenant = ? AND account_id = ?",
            (agent_id, tenant, account_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("AI agent", agent_id)

    def agent_page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, _AI_AGENTS, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )

    # Deliveries of call.received

    def insert_delivery(
        self,
        tenant: str,
        account_id: str,
        delivery_id: str,
        *,
        voice_app_id: str,
        call_id: str,
        url: str,
        body: str,
    ) -> None:
        self._db.execute(
            "INSERT INTO voice_app_deliveries"
            " (id, tenant, account_id, voice_app_id, call_id, url, body, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (delivery_id, tenant, account_id, voice_app_id, call_id, url, body, PENDING),
        )

    def count_pending(self, tenant: str) -> int:
        (count,) = self._db.execute(
            "SELECT count(*) FROM voice_app_deliveries WHERE status = ? AND tenant = ?",
            (PENDING, tenant),
        ).fetchone()
        return int(count)

    def pending(self, limit: int, running: Set[str]) -> list[tuple[str, str]]:
        """(id, tenant) of the oldest pending deliveries not ``running`` already."""
        rows = self._db.execute(
            "SELECT id, tenant FROM voice_app_deliveries WHERE status = ? ORDER BY id LIMIT ?",
            (PENDING, limit + len(running)),
        ).fetchall()
        found = [(str(row[0]), str(row[1])) for row in rows if row[0] not in running]
        return found[:limit]

    def outgoing(self, delivery_id: str) -> Outgoing | None:
        row = self._db.execute(
            "SELECT d.tenant, d.url, a.secret, d.body FROM voice_app_deliveries AS d"
            " LEFT JOIN voice_apps AS a ON a.id = d.voice_app_id AND a.tenant = d.tenant"
            " WHERE d.id = ? AND d.status = ?",
            (delivery_id, PENDING),
        ).fetchone()
        if row is None:
            return None
        return Outgoing(str(row[0]), str(row[1]), None if row[2] is None else str(row[2]), row[3])

    def record_attempt(
        self,
        delivery_id: str,
        status: str,
        status_code: int | None,
        error: str | None,
        attempted_at: float,
    ) -> None:
        self._db.execute(
            "UPDATE voice_app_deliveries SET status = ?, status_code = ?, error = ?,"
            " attempted_at = ? WHERE id = ?",
            (status, status_code, error, attempted_at, delivery_id),
        )

    def forget_beyond(self, tenant: str, kept: int) -> None:
        """Keep the tenant's newest ``kept`` deliveries (and every pending one)."""
        self._db.execute(
            "DELETE FROM voice_app_deliveries WHERE tenant = ? AND status != ? AND id <"
            " (SELECT id FROM voice_app_deliveries WHERE tenant = ?"
            "  ORDER BY id DESC LIMIT 1 OFFSET ?)",
            (tenant, PENDING, tenant, kept - 1),
        )

    def deliveries(self, tenant: str, voice_app_id: str | None) -> list[Delivery]:
        """The tenant's deliveries, oldest first (of one app when named)."""
        rows = self._db.execute(
            "SELECT id, voice_app_id, call_id, url, status, status_code, error, attempted_at"
            " FROM voice_app_deliveries WHERE tenant = ? AND (? IS NULL OR voice_app_id = ?)"
            " ORDER BY id",
            (tenant, voice_app_id, voice_app_id),
        ).fetchall()
        return [Delivery(*row) for row in rows]
