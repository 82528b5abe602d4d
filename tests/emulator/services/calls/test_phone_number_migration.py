"""A database file from before the richer phone numbers opens with every stored number in
the richer model, routable and found by its number."""

import json
import sqlite3
from pathlib import Path

import httpx2

from dialstack.emulator import Emulator

KEY = "sk_test_phone_number_migration_01"
_OLD_PHONE_NUMBERS = """
CREATE TABLE phone_numbers (
    id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    phone_number TEXT NOT NULL, status TEXT NOT NULL, sort_us INTEGER NOT NULL,
    document TEXT NOT NULL
);
"""
_OLD_FIELDS = ("id", "object", "phone_number", "status", "created_at")


def _client(emulator: Emulator, account: str | None = None) -> httpx2.Client:
    headers = {"Authorization": f"Bearer {KEY}"}
    if account is not None:
        headers["DialStack-Account"] = account
    return httpx2.Client(base_url=emulator.url, headers=headers, trust_env=False)


def test_stored_numbers_gain_the_richer_model(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    with Emulator(db=str(db)) as emulator, _client(emulator) as http:
        account = http.post("/v1/accounts", json={}).json()["id"]
        in_account = {"DialStack-Account": account}
        user = http.post("/v1/users", json={}, headers=in_account).json()["id"]
        http.post("/v1/test_helpers/calls", json={"user": user}, headers=in_account)
    with sqlite3.connect(db) as old:
        rows = old.execute(
            "SELECT id, tenant, account_id, phone_number, status, sort_us, document"
            " FROM phone_numbers"
        ).fetchall()
        old.executescript("DROP TABLE phone_numbers; PRAGMA user_version = 1;" + _OLD_PHONE_NUMBERS)
        for *columns, document in rows:
            stored = json.loads(document)
            older = json.dumps({name: stored[name] for name in _OLD_FIELDS})
            old.execute("INSERT INTO phone_numbers VALUES (?, ?, ?, ?, ?, ?, ?)", (*columns, older))
    old.close()

    with Emulator(db=str(db)) as emulator, _client(emulator, account) as http:
        (number,) = http.get("/v1/phone-numbers").json()["data"]
        routed = http.post(f"/v1/phone-numbers/{number['id']}", json={"routing_target": user})
        called = http.post("/v1/test_helpers/calls", json={"target": number["id"]})

    assert (number["inbound_routing"], number["routing_target"]) == ("default", None)
    assert (number["outbound_enabled"], number["fax_enabled"]) == (True, False)
    assert number["updated_at"] == number["created_at"]
    assert routed.json()["routing_target"] == user
    assert called.status_code == 201, called.text
