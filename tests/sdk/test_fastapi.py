"""A FastAPI application built on the SDK: a route annotated with a model imports, answers the
model's wire JSON over a real socket, and its OpenAPI schema builds."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
import uvicorn
from fastapi import FastAPI

from dialstack import Account, AccountSession

SESSION: dict[str, Any] = {
    "account_id": "acct_1",
    "client_secret": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
    "expires_at": "2026-08-01T13:00:00Z",
}
ACCOUNT: dict[str, Any] = {
    "id": "acct_1",
    "email": "owner@clinic.example",
    "config": {"region": "US", "recording_enabled": True},
    "address": {
        "street": "Main St",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "US",
    },
    "created_at": "2026-08-01T12:00:00Z",
    "updated_at": "2026-08-01T12:00:00Z",
    "loyalty_tier": "gold",
}


def _clinic_app() -> FastAPI:
    app = FastAPI()

    @app.post("/session")
    def session() -> AccountSession:  # the annotation that failed at import
        return AccountSession.from_wire(SESSION)

    @app.get("/account")
    def account() -> Account:
        return Account.from_wire(ACCOUNT)

    return app


@pytest.fixture
def served() -> Iterator[str]:
    """The application behind uvicorn on a free loopback port, as in production."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(_clinic_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_route_returning_a_model_answers_its_wire_json(served: str) -> None:
    with httpx2.Client(base_url=served, trust_env=False) as http:
        session = http.post("/session")
        account = http.get("/account")

    assert session.status_code == 200
    assert session.json() == SESSION
    assert account.json() == ACCOUNT  # nested models and unknown fields as sent


def test_the_openapi_schema_builds_with_the_models_fields(served: str) -> None:
    with httpx2.Client(base_url=served, trust_env=False) as http:
        document = http.get("/openapi.json").json()

    schema = document["paths"]["/session"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    assert schema["type"] == "object"
    assert set(schema["required"]) == {"account_id", "client_secret", "expires_at"}
    assert "client_secret" in schema["properties"]
    assert json.dumps(document)


def test_importing_the_sdk_does_not_import_pydantic() -> None:
    import subprocess
    import sys

    code = "import sys, dialstack; dialstack.Account; print('pydantic' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
