"""Account sessions: a signed JWT naming the account and components, one hour to live."""

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle


def _decode_segment(segment: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return decoded


def test_a_session_carries_a_verifiable_jwt(
    api: httpx2.Client, account_id: str, dialstack_emulator: EmulatorHandle
) -> None:
    answer = api.post(
        "/v1/account_sessions",
        json={
            "account": account_id,
            "components": {
                "call_logs": {"enabled": True},
                "voicemails": {"enabled": False},
                "ai_agent": {"enabled": True},
            },
        },
    )

    session = answer.json()
    header, claims, signature = session["client_secret"].split(".")
    expected = hmac.new(
        dialstack_emulator.server.session_secret, f"{header}.{claims}".encode(), hashlib.sha256
    ).digest()
    payload = _decode_segment(claims)
    created = datetime.fromisoformat(session["created_at"])
    expires = datetime.fromisoformat(session["expires_at"])
    assert answer.status_code == 201
    assert session["object"] == "account_session"
    assert session["account_id"] == account_id
    assert _decode_segment(header) == {"alg": "HS256", "typ": "JWT"}
    assert hmac.compare_digest(base64.urlsafe_b64encode(expected).rstrip(b"=").decode(), signature)
    assert payload["account"] == account_id
    assert payload["components"] == ["call_logs", "ai_agent"]
    assert payload["exp"] - payload["iat"] == 3600
    assert expires - created == timedelta(hours=1)
    assert session["expires_at"].endswith("Z")


@pytest.mark.parametrize(
    ("components", "status", "field"),
    [
        ({"fax": {"enabled": True}}, 400, "components.fax"),
        ({"call_logs": {"enabled": "true"}}, 400, "components.call_logs.enabled"),
        ({"call_logs": {}}, 400, "components.call_logs.enabled"),
        ({"call_logs": True}, 400, "components.call_logs"),
        ({"call_logs": {"enabled": False}}, 422, "components"),
        ({}, 422, "components"),
    ],
)
def test_bad_components(
    api: httpx2.Client, account_id: str, components: dict[str, Any], status: int, field: str
) -> None:
    answer = api.post(
        "/v1/account_sessions", json={"account": account_id, "components": components}
    )

    assert answer.status_code == status
    assert answer.json()["details"]["field"] == field


def test_the_account_must_exist_and_be_named(api: httpx2.Client) -> None:
    components = {"call_logs": {"enabled": True}}

    missing_field = api.post("/v1/account_sessions", json={"components": components})
    unknown = api.post(
        "/v1/account_sessions",
        json={"account": "acct_01jzzzzzzzzzzzzzzzzzzzzzzz", "components": components},
    )

    assert missing_field.status_code == 400
    assert missing_field.json()["details"] == {"field": "account"}
    assert unknown.status_code == 404
