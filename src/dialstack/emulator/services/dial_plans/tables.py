"""The schedules' and dial plans' tables, and which targets each plan routes to. Knows no
HTTP."""

from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS schedules (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS schedules_by_account ON schedules (tenant, account_id, id);
CREATE TABLE IF NOT EXISTS dial_plans (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dial_plans_by_account ON dial_plans (tenant, account_id, id);
-- What each plan's nodes route calls to, so that a target in use is found by one index read.
CREATE TABLE IF NOT EXISTS dial_plan_targets (
    dial_plan_id TEXT NOT NULL REFERENCES dial_plans (id) ON DELETE CASCADE,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    PRIMARY KEY (dial_plan_id, target_id)
);
CREATE INDEX IF NOT EXISTS dial_plan_targets_by_target
    ON dial_plan_targets (tenant, account_id, target_id);
"""
_SCHEDULES = Keyset("schedules")
_DIAL_PLANS = Keyset("dial_plans")


class DialPlanTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert_schedule(
        self, tenant: str, account_id: str, schedule_id: str, document: str
    ) -> None:
        self._db.execute(
            "INSERT INTO schedules (id, tenant, account_id, document) VALUES (?, ?, ?, ?)",
            (schedule_id, tenant, account_id, document),
        )

    def schedule(self, tenant: str, account_id: str, schedule_id: str) -> str | None:
        row = self._db.execute(
            "SELECT document FROM schedules WHERE id = ? AND tenant = ? AND account_id = ?",
            (schedule_id, tenant, account_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def schedule_page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, _SCHEDULES, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )

    def insert_dial_plan(
        self,
        tenant: str,
        account_id: str,
        dial_plan_id: str,
        document: str,
        targets: frozenset[str],
    ) -> None:
        self._db.execute(
            "INSERT INTO dial_plans (id, tenant, account_id, document) VALUES (?, ?, ?, ?)",
            (dial_plan_id, tenant, account_id, document),
        )
        for target in sorted(targets):
            self._db.execute(
                "INSERT INTO dial_plan_targets (dial_plan_id, tenant, account_id, target_id)"
                " VALUES (?, ?, ?, ?)",
                (dial_plan_id, tenant, account_id, target),
            )

    def dial_plan(self, tenant: str, account_id: str, dial_plan_id: str) -> str:
        row = self._db.execute(
            "SELECT document FROM dial_plans WHERE id = ? AND tenant = ? AND account_id = ?",
            (dial_plan_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("dial_plan", dial_plan_id)
        return str(row[0])

    def dial_plan_page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, _DIAL_PLANS, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )

    def plan_routing_to(self, tenant: str, account_id: str, target_id: str) -> str | None:
        """A dial plan with a node routing calls to the target, None when none does."""
        row = self._db.execute(
            "SELECT dial_plan_id FROM dial_plan_targets"
            " WHERE tenant = ? AND account_id = ? AND target_id = ? LIMIT 1",
            (tenant, account_id, target_id),
        ).fetchone()
        return None if row is None else str(row[0])
