"""Extensions, ring groups, queues and their members. Knows no HTTP.

An extension's key is its number within the account; ring-group members name extensions by
that key through a foreign key, so renaming an extension renames its memberships and deleting
it removes them. Queue members are users: deleting a user removes their memberships.
"""

import sqlite3
from dataclasses import dataclass

from ...core.db import Database
from ...core.errors import Conflict, ResourceMissing
from ...core.pages import Keyset, PageQuery, PageRows, keyset_page

SCHEMA = """
CREATE TABLE IF NOT EXISTS extensions (
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    target TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (tenant, account_id, number)
);
CREATE INDEX IF NOT EXISTS extensions_by_target ON extensions (tenant, account_id, target, number);
CREATE TABLE IF NOT EXISTS ring_groups (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    timeout_target TEXT,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ring_groups_by_account ON ring_groups (tenant, account_id, id);
CREATE INDEX IF NOT EXISTS ring_groups_by_timeout_target
    ON ring_groups (tenant, account_id, timeout_target) WHERE timeout_target IS NOT NULL;
CREATE TABLE IF NOT EXISTS ring_group_members (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL,
    ring_group_id TEXT NOT NULL REFERENCES ring_groups (id) ON DELETE CASCADE,
    extension TEXT,
    phone_number TEXT,
    created_at TEXT NOT NULL,
    FOREIGN KEY (tenant, account_id, extension) REFERENCES extensions (tenant, account_id, number)
        ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS ring_group_members_by_group
    ON ring_group_members (ring_group_id, id);
CREATE UNIQUE INDEX IF NOT EXISTS ring_group_members_unique_extension
    ON ring_group_members (ring_group_id, extension) WHERE extension IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ring_group_members_unique_phone_number
    ON ring_group_members (ring_group_id, phone_number) WHERE phone_number IS NOT NULL;
CREATE INDEX IF NOT EXISTS ring_group_members_by_extension
    ON ring_group_members (tenant, account_id, extension) WHERE extension IS NOT NULL;
CREATE TABLE IF NOT EXISTS queues (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    timeout_target TEXT,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS queues_by_account ON queues (tenant, account_id, id);
CREATE INDEX IF NOT EXISTS queues_by_timeout_target
    ON queues (tenant, account_id, timeout_target) WHERE timeout_target IS NOT NULL;
CREATE TABLE IF NOT EXISTS queue_members (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    queue_id TEXT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS queue_members_by_position
    ON queue_members (queue_id, position, id);
CREATE UNIQUE INDEX IF NOT EXISTS queue_members_unique_user ON queue_members (queue_id, user_id);
CREATE INDEX IF NOT EXISTS queue_members_by_user ON queue_members (user_id);
"""

MAX_MEMBERS = 100
"""Members one ring group or queue may hold: bounds a group's document and a call's ring."""

_EXTENSIONS = Keyset("extensions", key=("number",), descending=False)
_QUEUE_MEMBERS = Keyset("queue_members", key=("position", "id"), descending=False)


@dataclass(frozen=True)
class RingGroupMember:
    id: str
    extension: str | None
    phone_number: str | None
    created_at: str


class GroupTable:
    """Ring groups or queues: the same shape of table, a document and its timeout target."""

    def __init__(self, db: Database, table: str, kind: str) -> None:
        self._db = db
        self._table = table
        self._kind = kind
        self._keyset = Keyset(table)

    def insert(
        self, tenant: str, account_id: str, group_id: str, timeout_target: str | None, document: str
    ) -> None:
        self._db.execute(
            f"INSERT INTO {self._table}"  # noqa: S608 (our names)
            " (id, tenant, account_id, timeout_target, document) VALUES (?, ?, ?, ?, ?)",
            (group_id, tenant, account_id, timeout_target, document),
        )

    def document(self, tenant: str, account_id: str, group_id: str) -> str:
        row = self._db.execute(
            f"SELECT document FROM {self._table}"  # noqa: S608
            " WHERE id = ? AND tenant = ? AND account_id = ?",
            (group_id, tenant, account_id),
        ).fetchone()
        if row is None:
            raise ResourceMissing(self._kind, group_id)
        return str(row[0])

    def exists(self, tenant: str, account_id: str, group_id: str) -> bool:
        row = self._db.execute(
            f"SELECT 1 FROM {self._table} WHERE id = ? AND tenant = ? AND account_id = ?",  # noqa: S608
            (group_id, tenant, account_id),
        ).fetchone()
        return row is not None

    def replace(
        self, tenant: str, group_id: str, timeout_target: str | None, document: str
    ) -> None:
        self._db.execute(
            f"UPDATE {self._table} SET timeout_target = ?, document = ?"  # noqa: S608
            " WHERE id = ? AND tenant = ?",
            (timeout_target, document, group_id, tenant),
        )

    def delete(self, tenant: str, group_id: str) -> None:
        self._db.execute(
            f"DELETE FROM {self._table} WHERE id = ? AND tenant = ?",  # noqa: S608
            (group_id, tenant),
        )

    def page(self, tenant: str, account_id: str, page: PageQuery) -> PageRows:
        return keyset_page(
            self._db, self._keyset, "tenant = ? AND account_id = ?", (tenant, account_id), page
        )


class RoutingTables:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.ring_groups = GroupTable(db, "ring_groups", "ring group")
        self.queues = GroupTable(db, "queues", "queue")

    # Extensions

    def insert_extension(
        self, tenant: str, account_id: str, number: str, target: str, document: str
    ) -> None:
        try:
            self._db.execute(
                "INSERT INTO extensions (tenant, account_id, number, target, document)"
                " VALUES (?, ?, ?, ?, ?)",
                (tenant, account_id, number, target, document),
            )
        except sqlite3.IntegrityError as exc:
            raise extension_taken(number) from exc

    def extension(self, tenant: str, account_id: str, number: str) -> str:
        row = self._db.execute(
            "SELECT document FROM extensions WHERE tenant = ? AND account_id = ? AND number = ?",
            (tenant, account_id, number),
        ).fetchone()
        if row is None:
            raise ResourceMissing("extension", number)
        return str(row[0])

    def replace_extension(
        self, tenant: str, account_id: str, number: str, *, renamed: str, target: str, document: str
    ) -> None:
        try:
            self._db.execute(
                "UPDATE extensions SET number = ?, target = ?, document = ?"
                " WHERE tenant = ? AND account_id = ? AND number = ?",
                (renamed, target, document, tenant, account_id, number),
            )
        except sqlite3.IntegrityError as exc:
            raise extension_taken(renamed) from exc

    def delete_extension(self, tenant: str, account_id: str, number: str) -> None:
        self._db.execute(
            "DELETE FROM extensions WHERE tenant = ? AND account_id = ? AND number = ?",
            (tenant, account_id, number),
        )

    def extension_page(
        self, tenant: str, account_id: str, target: str | None, page: PageQuery
    ) -> PageRows:
        where = "tenant = ? AND account_id = ?"
        params: tuple[str, ...] = (tenant, account_id)
        if target is not None:
            where += " AND target = ?"
            params += (target,)
        return keyset_page(self._db, _EXTENSIONS, where, params, page)

    def extension_target(self, tenant: str, account_id: str, number: str) -> str | None:
        row = self._db.execute(
            "SELECT target FROM extensions WHERE tenant = ? AND account_id = ? AND number = ?",
            (tenant, account_id, number),
        ).fetchone()
        return None if row is None else str(row[0])

    def referrer(self, tenant: str, account_id: str, target_id: str) -> str | None:
        """What of ours routes calls to the target: an extension's number, or the ring group
        or queue whose timeout sends calls there."""
        for sql in (
            "SELECT number FROM extensions WHERE tenant = ? AND account_id = ? AND target = ?"
            " ORDER BY number LIMIT 1",
            "SELECT id FROM ring_groups WHERE tenant = ? AND account_id = ?"
            " AND timeout_target = ? LIMIT 1",
            "SELECT id FROM queues WHERE tenant = ? AND account_id = ?"
            " AND timeout_target = ? LIMIT 1",
        ):
            row = self._db.execute(sql, (tenant, account_id, target_id)).fetchone()
            if row is not None:
                return str(row[0])
        return None

    # Ring-group members

    def insert_ring_group_member(
        self, tenant: str, account_id: str, ring_group_id: str, member: RingGroupMember
    ) -> None:
        self._ensure_room("ring_group_members", "ring_group_id", ring_group_id)
        try:
            self._db.execute(
                "INSERT INTO ring_group_members (id, tenant, account_id, ring_group_id,"
                " extension, phone_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    member.id,
                    tenant,
                    account_id,
                    ring_group_id,
                    member.extension,
                    member.phone_number,
                    member.created_at,
                ),
            )
        except sqlite3.IntegrityError as exc:
            field = "extension" if member.extension is not None else "phone_number"
            raise duplicate_member(field) from exc

    def ring_group_members(self, ring_group_id: str) -> list[RingGroupMember]:
        rows = self._db.execute(
            "SELECT id, extension, phone_number, created_at FROM ring_group_members"
            " WHERE ring_group_id = ? ORDER BY id",
            (ring_group_id,),
        ).fetchall()
        return [RingGroupMember(*row) for row in rows]

    def delete_ring_group_member(self, ring_group_id: str, member_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM ring_group_members WHERE id = ? AND ring_group_id = ?",
            (member_id, ring_group_id),
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("ring group member", member_id)

    # Queue members

    def insert_queue_member(
        self,
        tenant: str,
        queue_id: str,
        member_id: str,
        *,
        user_id: str,
        position: int,
        document: str,
    ) -> None:
        self._ensure_room("queue_members", "queue_id", queue_id)
        try:
            self._db.execute(
                "INSERT INTO queue_members (id, tenant, queue_id, user_id, position, document)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (member_id, tenant, queue_id, user_id, position, document),
            )
        except sqlite3.IntegrityError as exc:
            raise duplicate_member("user_id") from exc

    def last_queue_position(self, queue_id: str) -> int:
        row = self._db.execute(
            "SELECT max(position) FROM queue_members WHERE queue_id = ?", (queue_id,)
        ).fetchone()
        return int(row[0] or 0)

    def queue_member_page(self, queue_id: str, page: PageQuery) -> PageRows:
        return keyset_page(self._db, _QUEUE_MEMBERS, "queue_id = ?", (queue_id,), page)

    def queue_member_users(self, queue_id: str) -> list[str]:
        """The members' users, lowest penalty first, then by position."""
        rows = self._db.execute(
            "SELECT user_id FROM queue_members WHERE queue_id = ?"
            " ORDER BY json_extract(document, '$.penalty'), position, id",
            (queue_id,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def delete_queue_member(self, queue_id: str, member_id: str) -> None:
        cursor = self._db.execute(
            "DELETE FROM queue_members WHERE id = ? AND queue_id = ?", (member_id, queue_id)
        )
        if cursor.rowcount == 0:
            raise ResourceMissing("queue member", member_id)

    def _ensure_room(self, table: str, column: str, group_id: str) -> None:
        (count,) = self._db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = ?",  # noqa: S608 (our names)
            (group_id,),
        ).fetchone()
        if count >= MAX_MEMBERS:
            raise Conflict(
                "member_limit_reached",
                f"{group_id} already has {MAX_MEMBERS} members, the most it may have",
                {"id": group_id},
            )


def extension_taken(number: str) -> Conflict:
    return Conflict(
        "extension_taken", "Extension number already in use", {"field": "number", "number": number}
    )


def duplicate_member(field: str) -> Conflict:
    return Conflict("duplicate_member", f"That {field} is already a member", {"field": field})
