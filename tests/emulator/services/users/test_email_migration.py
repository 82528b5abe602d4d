"""A database file from before case-folded emails opens, keeps its users, and enforces the
new uniqueness from then on."""

import json
import sqlite3
from pathlib import Path

import httpx2

from dialstack.emulator import Emulator

KEY = "sk_test_email_migration_0001"
_OLD_USERS = """
CREATE TABLE accounts (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, document TEXT NOT NULL);
CREATE TABLE users (
    id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT, email TEXT, document TEXT NOT NULL
);
CREATE UNIQUE INDEX users_unique_email ON users (account_id, lower(email)) WHERE email IS NOT NULL;
"""


def test_an_old_database_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    with (
        Emulator(db=str(db)) as emulator,
        httpx2.Client(
            base_url=emulator.url, headers={"Authorization": f"Bearer {KEY}"}, trust_env=False
        ) as http,
    ):
        account = http.post("/v1/accounts", json={}).json()["id"]
        # A user as the emulator stores it, to copy into the old table.
        stored = http.post("/v1/users", json={}, headers={"DialStack-Account": account}).json()
    # Rebuild the users table the old way, holding two addresses that now collide.
    with sqlite3.connect(db) as old:
        tenant, document = old.execute("SELECT tenant, document FROM accounts").fetchone()
        old.executescript(
            "DROP TABLE users; DROP TABLE accounts; PRAGMA user_version = 0;" + _OLD_USERS
        )
        old.execute("INSERT INTO accounts VALUES (?, ?, ?)", (account, tenant, document))
        for user_id, email in [
            ("user_01h2xcejqtf2nbrexx3vqjhp41", "ÄDA@x.com"),
            ("user_01h2xcejqtf2nbrexx3vqjhp42", "äda@x.com"),
        ]:
            user = json.dumps({**stored, "id": user_id, "email": email})
            old.execute(
                "INSERT INTO users VALUES (?, ?, ?, NULL, ?, ?)",
                (user_id, tenant, account, email, user),
            )
    old.close()

    with (
        Emulator(db=str(db)) as emulator,
        httpx2.Client(
            base_url=emulator.url,
            headers={"Authorization": f"Bearer {KEY}", "DialStack-Account": account},
            trust_env=False,
        ) as http,
    ):
        kept = http.get("/v1/users").json()["data"]
        clash = http.post("/v1/users", json={"email": "Äda@X.com"})
        fresh = http.post("/v1/users", json={"email": "bob@x.com"})

    assert sorted(user["email"] for user in kept) == ["ÄDA@x.com", "äda@x.com"]
    assert clash.status_code == 409
    assert fresh.status_code == 201
