"""Load for benchmark 5, from a process of its own: ``python -m benchmarks.loadgen URL OP
SECONDS CONNECTIONS`` sends OP (create, retrieve or list) over CONNECTIONS keep-alive
connections for SECONDS and prints a JSON object: requests, seconds, latencies' p50 and p99.
Every answer must be 2xx (anything else fails the run: a fast error is not throughput)."""

import argparse
import asyncio
import json
import sys
import time

from .stats import percentile
from .wire import BadAnswer, Connection, request

OPERATIONS = ("create", "retrieve", "list")
_SEED_ACCOUNTS = 10  # what a list answers with; also the account a retrieve asks for


async def _seed(url: str) -> str:
    """Create accounts to read; return one's id."""
    connection = await Connection.open(url)
    account_id = ""
    for n in range(_SEED_ACCOUNTS):
        status, body = await connection.exchange(
            request(url, "POST", "/v1/accounts", {"email": f"seed{n}@example.com"})
        )
        if status // 100 != 2:
            raise BadAnswer(f"seeding got HTTP {status}: {body[:200]!r}")
        account_id = json.loads(body)["id"]
    await connection.close()
    return account_id


def _request_for(url: str, operation: str, account_id: str) -> bytes:
    if operation == "create":
        return request(url, "POST", "/v1/accounts", {"email": "load@example.com"})
    if operation == "retrieve":
        return request(url, "GET", f"/v1/accounts/{account_id}")
    return request(url, "GET", f"/v1/accounts?limit={_SEED_ACCOUNTS}")


async def _drive(connection: Connection, data: bytes, until: float, latencies: list[float]) -> None:
    clock = time.perf_counter
    while clock() < until:
        started = clock()
        status, body = await connection.exchange(data)
        latencies.append(clock() - started)
        if status // 100 != 2:
            raise BadAnswer(f"HTTP {status}: {body[:200]!r}")


async def load(url: str, operation: str, seconds: float, connections: int) -> dict[str, float]:
    data = _request_for(url, operation, await _seed(url))
    opened = [await Connection.open(url) for _ in range(connections)]
    latencies: list[float] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_drive(c, data, until, latencies) for c in opened))
    elapsed = time.perf_counter() - started
    for connection in opened:
        await connection.close()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadgen")
    parser.add_argument("url")
    parser.add_argument("operation", choices=OPERATIONS)
    parser.add_argument("seconds", type=float)
    parser.add_argument("connections", type=int)
    options = parser.parse_args()
    try:
        result = asyncio.run(
            load(options.url, options.operation, options.seconds, options.connections)
        )
    except BadAnswer as error:
        sys.exit(f"loadgen: {error}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
