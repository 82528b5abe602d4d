"""``calls.list`` with each filter the description admits, against an account holding 1k, 10k
and 100k call logs (written straight into SQLite, so 100k sets up in seconds): the median
time of ``GET /v1/calls?<filter>&limit=10`` over HTTP. Each filter matches about 1% of the
calls (``direction`` a third), a full page at every size: an index of its column keeps the
page flat in the data. The
target: the largest at most 2x the smallest."""

import json
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2

from dialstack.emulator import Emulator
from dialstack.emulator.app import new_runtime
from dialstack.emulator.core.runtime import Settings
from dialstack.emulator.core.tenancy import tenant_of_key
from dialstack.emulator.services.calls.tables import CallTables

from .results import Row, millis
from .scale import Scale
from .stats import percentile

_SPREAD = 100  # distinct users, DIDs and numbers: each filter value matches 1% of the calls
_STATUSES = ("completed", "no-answer", "busy", "failed", "voicemail")
_DIRECTIONS = ("inbound", "outbound", "internal")
_CHOSEN = 7  # the user, DID and numbers filtered on


def _status(number: int) -> str:
    # "failed" 1% of the time, the others share the rest.
    return "failed" if number % _SPREAD == 0 else _STATUSES[number % 2]


def _fill(
    path: str, tenant: str, account_id: str, template: dict[str, Any], count: int
) -> dict[str, str]:
    """``count`` calls like ``template`` (a real one), spread over users, DIDs and numbers;
    returns the filter values to ask for."""
    runtime = new_runtime(Settings(db=path))
    runtime.open()
    tables = CallTables(runtime.db)
    users = [runtime.ids.new(template["user"].rpartition("_")[0]) for _ in range(_SPREAD)]
    dids = [runtime.ids.new(template["did"].rpartition("_")[0]) for _ in range(_SPREAD)]
    try:
        with runtime.db.transaction():
            for number in range(count):
                call_id = runtime.ids.new(template["id"].rpartition("_")[0])
                spread = number % _SPREAD
                document = {
                    **template,
                    "id": call_id,
                    "user": users[spread],
                    "did": dids[spread],
                    "direction": _DIRECTIONS[number % len(_DIRECTIONS)],
                    "from_number": f"+1555{spread:07}",
                    "to_number": f"+1555{1_000_000 + spread:07}",
                    "status": _status(number),
                }
                tables.save_call(
                    tenant,
                    account_id,
                    call_id,
                    user_id=document["user"],
                    did_id=document["did"],
                    direction=document["direction"],
                    from_number=document["from_number"],
                    to_number=document["to_number"],
                    dialled_number=document["to_number"],
                    status=document["status"],
                    sort_us=1_700_000_000_000_000 + number * 1_000_000,
                    recording_path=None,
                    document=json.dumps(document),
                )
    finally:
        runtime.close()
    return {
        "user": users[_CHOSEN],
        "did": dids[_CHOSEN],
        "from_number": f"+1555{_CHOSEN:07}",
        "to_number": f"+1555{1_000_000 + _CHOSEN:07}",
        "status": "failed",
        "direction": "internal",
    }


def _template(emulator: Emulator, key: str) -> tuple[str, dict[str, Any]]:
    """A new account, and a real call log of it (the shape answers are checked against)."""
    with httpx2.Client(
        base_url=emulator.url, headers={"Authorization": f"Bearer {key}"}, trust_env=False
    ) as api:
        account = api.post("/v1/accounts", json={}).json()["id"]
        scope = {"DialStack-Account": account}
        user = api.post("/v1/users", json={"name": "Ada"}, headers=scope).json()["id"]
        api.post("/v1/test_helpers/calls", json={"user": user}, headers=scope).raise_for_status()
        found: dict[str, Any] = api.get("/v1/calls", headers=scope).json()["data"][0]
    return account, {**found, "recording_url": None}


def _medians(count: int, samples: int) -> dict[str, float]:
    """Each filter's median page time with ``count`` call logs in the account."""
    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "emulator.sqlite3")
        with Emulator(db=path) as emulator:
            key = emulator.new_api_key()
            account, template = _template(emulator, key)
        filters = _fill(path, tenant_of_key(key), account, template, count)
        medians: dict[str, float] = {}
        with (
            Emulator(db=path) as emulator,
            httpx2.Client(
                base_url=emulator.url,
                headers={
                    "Authorization": f"Bearer {key}",
                    "DialStack-Account": account,
                },
                trust_env=False,
            ) as api,
        ):
            for name, value in filters.items():
                times: list[float] = []
                for _ in range(samples):
                    started = time.perf_counter()
                    api.get("/v1/calls", params={name: value, "limit": 10}).raise_for_status()
                    times.append(time.perf_counter() - started)
                medians[name] = percentile(times, 0.5)
    return medians


def run(scale: Scale) -> list[Row]:
    sizes = (scale.walk_small, scale.walk_middle, scale.walk_large)
    samples = max(5, scale.calls // 25)
    small, middle, large = (_medians(size, samples) for size in sizes)
    rows: list[Row] = []
    for name in small:
        ratio = large[name] / small[name]
        rows.append(
            Row(
                f"calls.list({name}=...) at {sizes[2]:,} vs {sizes[0]:,} call logs",
                f"p50 {millis(large[name])} ({sizes[1]:,}: {millis(middle[name])})",
                f"p50 {millis(small[name])}",
                ratio,
                "<= 2x",
                ratio <= 2,
            )
        )
    return rows
