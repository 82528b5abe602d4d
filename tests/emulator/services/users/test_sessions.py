"""User sessions: a signed token acting as one user on ``/v1/me/``, refused with 401 once
expired, revoked, tampered with, or of a user or account deleted since."""

import base64
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator import EmulatorHandle

DIRECTORY = "/v1/me/directory"


@pytest.fixture
def user(api: httpx2.Client, account_id: str) -> dict[str, Any]:
    answer = api.post(
        "/v1/users",
        json={"name": "Ada", "email": "ada@example.com"},
        headers={"DialStack-Account": account_id},
    )
    assert answer.status_code == 201
    made: dict[str, Any] = answer.json()
    return made


@pytest.fixture
def token(api: httpx2.Client, user: dict[str, Any]) -> str:
    return _session(api, user["id"])


def _session(api: httpx2.Client, user_id: str, **body: Any) -> str:
    answer = api.post("/v1/user_sessions", json={"user": user_id, **body})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["client_secret"])


def _as_user(emulator: EmulatorHandle, token: str, path: str = DIRECTORY) -> httpx2.Response:
    return httpx2.get(
        f"{emulator.url}{path}", headers={"Authorization": f"Bearer {token}"}, trust_env=False
    )


def _clock(emulator: EmulatorHandle, **body: Any) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/clock",
        json={"api_key": emulator.api_key, **body},
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text


def _segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, Any]:
    segment = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return decoded


def test_a_session_names_the_user_and_account_and_lives_a_day(
    api: httpx2.Client, account_id: str, user: dict[str, Any]
) -> None:
    answer = api.post("/v1/user_sessions", json={"user": user["id"]})

    session = answer.json()
    claims = _claims(session["client_secret"])
    expires = datetime.fromisoformat(session["expires_at"])
    assert answer.status_code == 201
    assert (session["user"], session["account"]) == (user["id"], account_id)
    assert (claims["user"], claims["account"]) == (user["id"], account_id)
    assert claims["exp"] - claims["iat"] == 86400
    assert expires == datetime.fromtimestamp(claims["exp"]).astimezone(expires.tzinfo)
    assert "DialStack-Account" not in api.headers


@pytest.mark.parametrize("ttl", [1, 3600, 604800])
def test_the_ttl_sets_the_lifetime(api: httpx2.Client, user: dict[str, Any], ttl: int) -> None:
    claims = _claims(_session(api, user["id"], ttl_seconds=ttl))

    assert claims["exp"] - claims["iat"] == ttl


@pytest.mark.parametrize(
    "body",
    [
        {"ttl_seconds": 0},
        {"ttl_seconds": -5},
        {"ttl_seconds": 604801},
        {"ttl_seconds": 10**30},
        {"ttl_seconds": 1.5},
        {"ttl_seconds": "60"},
        {"ttl_seconds": True},
        {"ttl_seconds": None},
    ],
    ids=["zero", "negative", "past a week", "huge", "fraction", "text", "boolean", "null"],
)
def test_a_ttl_outside_one_second_to_a_week_is_refused(
    api: httpx2.Client, user: dict[str, Any], body: dict[str, Any]
) -> None:
    answer = api.post("/v1/user_sessions", json={"user": user["id"], **body})

    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_error"
    assert answer.json()["details"]["field"] == "ttl_seconds"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({}, "validation_error", "user"),
        ({"user": 7}, "validation_error", "user"),
        ({"user": "user_1", "account": "acct_1"}, "parameter_unknown", "account"),
    ],
)
def test_a_session_needs_a_user(
    api: httpx2.Client, body: dict[str, Any], code: str, field: str
) -> None:
    answer = api.post("/v1/user_sessions", json=body)

    assert answer.status_code == 400
    assert (answer.json()["code"], answer.json()["details"]["field"]) == (code, field)


def test_an_unknown_or_foreign_user_is_not_found(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, user: dict[str, Any]
) -> None:
    other_key = dialstack_emulator.server.new_api_key()
    foreign = httpx2.post(
        f"{dialstack_emulator.url}/v1/user_sessions",
        json={"user": user["id"]},
        headers={"Authorization": f"Bearer {other_key}"},
        trust_env=False,
    )
    unknown = api.post("/v1/user_sessions", json={"user": "user_01h0000000000000000000000"})

    for answer in (foreign, unknown):
        assert answer.status_code == 404
        assert answer.json()["error"] == "User not found"


def test_the_token_opens_the_users_directory(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, account_id: str, token: str
) -> None:
    colleague = api.post(
        "/v1/users", json={"email": "bo@example.com"}, headers={"DialStack-Account": account_id}
    ).json()

    answer = _as_user(dialstack_emulator, token)

    assert answer.status_code == 200
    entries = answer.json()["data"]
    assert {"user": colleague["id"], "display_name": "bo@example.com"} in entries
    assert any(entry["display_name"] == "Ada" for entry in entries)


def test_revoking_ends_every_older_token_and_not_a_newer_one_of_the_same_second(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, user: dict[str, Any]
) -> None:
    _clock(dialstack_emulator, mode="stepped")  # every token below has the same `iat`
    older = [_session(api, user["id"]), _session(api, user["id"], ttl_seconds=60)]

    revoked = api.post(f"/v1/users/{user['id']}/revoke_sessions", json={})
    newer = _session(api, user["id"])

    assert revoked.status_code == 200
    assert revoked.json()["user"] == user["id"]
    assert datetime.fromisoformat(revoked.json()["sessions_revoked_at"]).tzinfo is not None
    for token in older:
        answer = _as_user(dialstack_emulator, token)
        assert answer.status_code == 401
        assert answer.json()["code"] == "invalid_api_key"
    assert _claims(newer)["iat"] == _claims(older[0])["iat"]
    assert _as_user(dialstack_emulator, newer).status_code == 200


def test_revoking_takes_no_body_and_no_account_header(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, user: dict[str, Any], token: str
) -> None:
    answer = api.post(f"/v1/users/{user['id']}/revoke_sessions")

    assert answer.status_code == 200
    assert _as_user(dialstack_emulator, token).status_code == 401


def test_revoking_an_unknown_user_is_not_found(api: httpx2.Client) -> None:
    answer = api.post("/v1/users/user_01h0000000000000000000000/revoke_sessions", json={})

    assert answer.status_code == 404


def test_a_token_expires_by_the_tenants_clock(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, user: dict[str, Any]
) -> None:
    _clock(dialstack_emulator, mode="stepped")
    token = _session(api, user["id"], ttl_seconds=60)
    _clock(dialstack_emulator, advance_seconds=59)
    alive = _as_user(dialstack_emulator, token).status_code

    _clock(dialstack_emulator, advance_seconds=1)

    assert alive == 200
    assert _as_user(dialstack_emulator, token).status_code == 401


def test_a_deleted_user_or_account_ends_the_token(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, account_id: str, user: dict[str, Any]
) -> None:
    in_account = {"DialStack-Account": account_id}
    other = api.post("/v1/users", json={}, headers=in_account).json()
    users_token, others_token = _session(api, user["id"]), _session(api, other["id"])

    api.delete(f"/v1/users/{user['id']}", headers=in_account)
    after_user = _as_user(dialstack_emulator, users_token).status_code
    api.delete(f"/v1/accounts/{account_id}")

    assert after_user == 401
    assert _as_user(dialstack_emulator, others_token).status_code == 401


def test_a_user_token_works_only_on_the_users_own_routes(
    dialstack_emulator: EmulatorHandle, account_id: str, token: str
) -> None:
    answer = httpx2.get(
        f"{dialstack_emulator.url}/v1/users",
        headers={"Authorization": f"Bearer {token}", "DialStack-Account": account_id},
        trust_env=False,
    )

    assert answer.status_code == 403


def test_the_users_routes_take_no_other_credential(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, account_id: str
) -> None:
    account_session = api.post(
        "/v1/account_sessions",
        json={"account": account_id, "components": {"call_logs": {"enabled": True}}},
    ).json()["client_secret"]

    with_key = api.get(DIRECTORY)
    with_account_session = _as_user(dialstack_emulator, account_session)
    with_nothing = httpx2.get(f"{dialstack_emulator.url}{DIRECTORY}", trust_env=False)

    assert [with_key.status_code, with_account_session.status_code, with_nothing.status_code] == [
        401,
        401,
        401,
    ]


def _resigned(token: str, claims: dict[str, Any], secret: bytes) -> str:
    header = token.split(".", maxsplit=1)[0]
    body = _segment(claims)
    mac = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


_TAMPERINGS = st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, 400)),
    st.tuples(st.just("flip"), st.integers(0, 400)),
    st.tuples(
        st.just("claims"),
        st.dictionaries(
            st.sampled_from(["user", "account", "iat", "exp", "revocations"]),
            st.one_of(
                st.none(),
                st.booleans(),
                st.integers(-(2**70), 2**70),
                st.floats(allow_nan=False),
                st.text(max_size=8),
                st.lists(st.integers(), max_size=2),
            ),
        ),
    ),
    st.tuples(st.just("garbage"), st.text(max_size=80)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tampering=_TAMPERINGS)
def test_a_tampered_token_is_a_401_never_a_crash(
    dialstack_emulator: EmulatorHandle, token: str, tampering: tuple[str, Any]
) -> None:
    kind, how = tampering
    if kind == "truncate":
        forged = token[: how % len(token)]
    elif kind == "flip":
        position = how % len(token)
        replacement = "A" if token[position] != "A" else "B"
        forged = token[:position] + replacement + token[position + 1 :]
    elif kind == "claims":
        # Signed with our algorithm, by a key that is not the emulator's.
        forged = _resigned(token, {**_claims(token), **how}, b"not the emulator's key")
    else:
        forged = "".join(ch for ch in how if ch.isprintable() and ord(ch) < 128 and ch != " ")

    answer = _as_user(dialstack_emulator, forged.strip() or "none")

    assert answer.status_code == 401, answer.text
    assert answer.json()["code"] in {"invalid_api_key", "authentication_required"}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"limit": "0"}, 400),
        ({"limit": "x"}, 400),
        ({"page": "forged"}, 400),
        ({"limit": "1"}, 200),
    ],
)
def test_the_directory_pages_like_every_list(
    dialstack_emulator: EmulatorHandle, token: str, query: dict[str, str], status: int
) -> None:
    answer = httpx2.get(
        f"{dialstack_emulator.url}{DIRECTORY}",
        params=query,
        headers={"Authorization": f"Bearer {token}"},
        trust_env=False,
    )

    assert answer.status_code == status, answer.text
    if status == 200:
        assert len(answer.json()["data"]) == 1


def test_another_platform_cannot_revoke_or_mint_for_the_user(
    dialstack_emulator: EmulatorHandle, user: dict[str, Any], token: str
) -> None:
    other = {"Authorization": f"Bearer {dialstack_emulator.server.new_api_key()}"}

    revoke = httpx2.post(
        f"{dialstack_emulator.url}/v1/users/{user['id']}/revoke_sessions",
        json={},
        headers=other,
        trust_env=False,
    )

    assert revoke.status_code == 404
    assert _as_user(dialstack_emulator, token).status_code == 200
