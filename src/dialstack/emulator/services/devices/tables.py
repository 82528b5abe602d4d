"""Devices, their users' lines, button templates and overrides. Knows no HTTP.

A user is on at most one device: the unique ``user_id`` of ``device_assignments`` holds the
rule even when two requests race; deleting a user (users' table) frees its line.
"""

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ...core.db import Database
from ...core.errors import ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    seq TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    location TEXT,
    base TEXT,
    mac_address TEXT,
    ipei TEXT,
    button_template TEXT,
    offline_until REAL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS devices_by_account ON devices (tenant, account_id, seq);
CREATE INDEX IF NOT EXISTS devices_by_type ON devices (tenant, account_id, type, seq);
CREATE INDEX IF NOT EXISTS devices_by_location ON devices (tenant, account_id, location, seq);
CREATE INDEX IF NOT EXISTS devices_by_base ON devices (base) WHERE base IS NOT NULL;
CREATE INDEX IF NOT EXISTS devices_by_template ON devices (button_template)
    WHERE button_template IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS devices_unique_mac ON devices (account_id, mac_address)
    WHERE mac_address IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS devices_unique_ipei ON devices (account_id, ipei)
    WHERE ipei IS NOT NULL;
CREATE TABLE IF NOT EXISTS device_assignments (
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    tenant TEXT NOT NULL,
    line_number INTEGER NOT NULL,
    line_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    registered_at TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (device_id, line_number)
);
CREATE TABLE IF NOT EXISTS button_templates (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS button_templates_by_account ON button_templates (tenant, account_id, id);
CREATE TABLE IF NOT EXISTS template_buttons (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    template_id TEXT NOT NULL REFERENCES button_templates (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    UNIQUE (template_id, position)
);
CREATE TABLE IF NOT EXISTS device_button_overrides (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    UNIQUE (device_id, position)
);
"""
# Newest first across the three id prefixes: by the ids' time-ordered suffix.
_DEVICES = Keyset("devices", key=("seq",))
_TEMPLATES = Keyset("button_templates")
_TEMPLATE_BUTTONS = Keyset("template_buttons", key=("position", "id"), descending=False)
_OVERRIDES = Keyset("device_button_overrides", key=("position", "id"), descending=False)


@dataclass(frozen=True)
class StoredDevice:
    document: dict[str, Any]
    offline_until: float | None


@dataclass(frozen=True)
class Assignment:
    device_id: str
    user_id: str
    line_number: int
    line_id: str
    endpoint_id: str
    registered_at: str | None
    created_at: str


class Clash(Exception):
    """A unique index refused the write (a MAC, an IPEI, a position, a user's one device)."""


class DeviceTables:
    def __init__(self, db: Database) -> None:
        self._db = db

    # Devices

    def insert_device(self, tenant: str, account_id: str, device: dict[str, Any]) -> None:
        try:
            self._db.execute(
                "INSERT INTO devices (id, seq, tenant, account_id, type, location, base,"
                " mac_address, ipei, button_template, document)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    device["id"],
                    device["id"].rpartition("_")[2],
                    tenant,
                    account_id,
                    device["type"],
                    device.get("location"),
                    device.get("base"),
                    device["mac_address"],
                    device.get("ipei"),
                    device["button_template_id"],
                    json.dumps(device),
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise Clash from exc

    def device_count(self, tenant: str, account_id: str) -> int:
        (count,) = self._db.execute(
            "SELECT count(*) FROM devices WHERE tenant = ? AND account_id = ?",
            (tenant, account_id),
        ).fetchone()
        return int(count)

    def device(self, tenant: str, account_id: str, device_id: str) -> StoredDevice:
        row = self._db.execute(
            "SELECT document, offline_until FROM devices"
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (device_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("device", device_id)
        return StoredDevice(json.loads(row[0]), row[1])

    def replace_device(self, tenant: str, device: dict[str, Any]) -> None:
        try:
            self._db.execute(
                "UPDATE devices SET location = ?, base = ?, ipei = ?, button_template = ?,"
                " document = ? WHERE id = ? AND tenant = ?",
                (
                    device.get("location"),
                    device.get("base"),
                    device.get("ipei"),
                    device["button_template_id"],
                    json.dumps(device),
                    device["id"],
                    tenant,
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise Clash from exc

    def take_offline(self, tenant: str, device_id: str, until: float) -> None:
        self._db.execute(
            "UPDATE devices SET offline_until = ? WHERE id = ? AND tenant = ?",
            (until, device_id, tenant),
        )

    def delete_device(self, tenant: str, account_id: str, device_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM devices WHERE id = ? AND tenant = ? AND account_id = ?",
            (device_id, tenant, account_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("device", device_id)

    def handsets(self, tenant: str, base_id: str) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT document FROM devices WHERE base = ? AND tenant = ? ORDER BY id",
            (base_id, tenant),
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def device_page(
        self,
        tenant: str,
        account_id: str,
        device_type: str | None,
        location: str | None,
        page: PageQuery,
    ) -> PageRows:
        where = "tenant = ? AND account_id = ?"
        params: list[object] = [tenant, account_id]
        if device_type is not None:
            where += " AND type = ?"
            params.append(device_type)
        if location is not None:
            where += " AND location = ?"
            params.append(location)
        return keyset_page(self._db, _DEVICES, where, params, page)

    def device_bound_to(self, template_id: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM devices WHERE button_template = ? LIMIT 1", (template_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    # Users' lines

    def assign(self, tenant: str, assignment: Assignment) -> None:
        try:
            self._db.execute(
                "INSERT INTO device_assignments (device_id, user_id, tenant, line_number,"
                " line_id, endpoint_id, registered_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    assignment.device_id,
                    assignment.user_id,
                    tenant,
                    assignment.line_number,
                    assignment.line_id,
                    assignment.endpoint_id,
                    assignment.registered_at,
                    assignment.created_at,
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise Clash from exc

    def assignments(self, tenant: str, device_id: str) -> list[Assignment]:
        rows = self._db.execute(
            "SELECT device_id, user_id, line_number, line_id, endpoint_id, registered_at,"
            " created_at FROM device_assignments WHERE device_id = ? AND tenant = ?"
            " ORDER BY line_number",
            (device_id, tenant),
        ).fetchall()
        return [Assignment(*row) for row in rows]

    def device_of_user(self, tenant: str, user_id: str) -> str | None:
        row = self._db.execute(
            "SELECT device_id FROM device_assignments WHERE user_id = ? AND tenant = ?",
            (user_id, tenant),
        ).fetchone()
        return None if row is None else str(row[0])

    def unassign(self, tenant: str, device_id: str, user_id: str) -> bool:
        cursor = self._db.execute(
            "DELETE FROM device_assignments WHERE device_id = ? AND user_id = ? AND tenant = ?",
            (device_id, user_id, tenant),
        )
        return cursor.rowcount > 0

    def register_lines(self, tenant: str, device_id: str, at: str) -> None:
        self._db.execute(
            "UPDATE device_assignments SET registered_at = ? WHERE device_id = ? AND tenant = ?",
            (at, device_id, tenant),
        )

    # Templates and their buttons

    def insert_template(self, tenant: str, account_id: str, template: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO button_templates (id, tenant, account_id, document) VALUES (?, ?, ?, ?)",
            (template["id"], tenant, account_id, json.dumps(template)),
        )

    def template(self, tenant: str, account_id: str, template_id: str) -> dict[str, Any]:
        row = self._db.execute(
            "SELECT document FROM button_templates WHERE id = ? AND tenant = ? AND account_id = ?",
            (template_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing("button_template", template_id)
        document: dict[str, Any] = json.loads(row[0])
        return document

    def template_count(self, tenant: str, account_id: str) -> int:
        (count,) = self._db.execute(
            "SELECT count(*) FROM button_templates WHERE tenant = ? AND account_id = ?",
            (tenant, account_id),
        ).fetchone()
        return int(count)

    def template_ids(self, tenant: str, account_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT id FROM button_templates WHERE tenant = ? AND account_id = ?",
            (tenant, account_id),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def replace_template(self, tenant: str, template: dict[str, Any]) -> None:
        self._db.execute(
            "UPDATE button_templates SET document = ? WHERE id = ? AND tenant = ?",
            (json.dumps(template), template["id"], tenant),
        )

    def delete_template(self, tenant: str, template_id: str) -> None:
        self._db.execute(
            "DELETE FROM button_templates WHERE id = ? AND tenant = ?", (template_id, tenant)
        )

    def template_page(
        self, tenant: str, account_id: str, page: PageQuery, only: list[str] | None = None
    ) -> PageRows:
        where = "tenant = ? AND account_id = ?"
        params: list[object] = [tenant, account_id]
        if only is not None:
            where += f" AND id IN ({', '.join('?' * len(only))})"
            params.extend(only)
        return keyset_page(self._db, _TEMPLATES, where, params, page)

    def insert_button(self, tenant: str, button: dict[str, Any]) -> None:
        try:
            self._db.execute(
                "INSERT INTO template_buttons (id, tenant, template_id, position, document)"
                " VALUES (?, ?, ?, ?, ?)",
                (button["id"], tenant, button["template"], button["position"], json.dumps(button)),
            )
        except sqlite3.IntegrityError as exc:
            raise Clash from exc

    def button(self, tenant: str, template_id: str, button_id: str) -> dict[str, Any]:
        row = self._db.execute(
            "SELECT document FROM template_buttons WHERE id = ? AND template_id = ? AND tenant = ?",
            (button_id, template_id, tenant),
        ).fetchone()
        if row is None:
            raise ResourceMissing("template_button", button_id)
        document: dict[str, Any] = json.loads(row[0])
        return document

    def move_button(self, tenant: str, button: dict[str, Any]) -> None:
        try:
            self._db.execute(
                "UPDATE template_buttons SET position = ?, document = ?"
                " WHERE id = ? AND tenant = ?",
                (button["position"], json.dumps(button), button["id"], tenant),
            )
        except sqlite3.IntegrityError as exc:
            raise Clash from exc

    def delete_button(self, tenant: str, template_id: str, button_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM template_buttons WHERE id = ? AND template_id = ? AND tenant = ?",
            (button_id, template_id, tenant),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("template_button", button_id)

    def buttons(self, tenant: str, template_id: str) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT document FROM template_buttons WHERE template_id = ? AND tenant = ?"
            " ORDER BY position",
            (template_id, tenant),
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def button_page(self, tenant: str, template_id: str, page: PageQuery) -> PageRows:
        where = "tenant = ? AND template_id = ?"
        return keyset_page(self._db, _TEMPLATE_BUTTONS, where, (tenant, template_id), page)

    # Overrides

    def insert_override(self, tenant: str, override: dict[str, Any]) -> None:
        try:
            self._db.execute(
                "INSERT INTO device_button_overrides (id, tenant, device_id, position, document)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    override["id"],
                    tenant,
                    override["device"],
                    override["position"],
                    json.dumps(override),
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise Clash from exc

    def delete_override(self, tenant: str, device_id: str, override_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM device_button_overrides WHERE id = ? AND device_id = ? AND tenant = ?",
            (override_id, device_id, tenant),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("device_button_override", override_id)

    def overrides(self, tenant: str, device_id: str) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT document FROM device_button_overrides WHERE device_id = ? AND tenant = ?"
            " ORDER BY position",
            (device_id, tenant),
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def override_page(self, tenant: str, device_id: str, page: PageQuery) -> PageRows:
        where = "tenant = ? AND device_id = ?"
        return keyset_page(self._db, _OVERRIDES, where, (tenant, device_id), page)
