"""Models are the wire JSON (a frozen dict) with typed attributes. The reader is tolerant: any
answer becomes a model, and a field that is missing or does not fit raises DialStackFieldError
(an AttributeError) when read, naming the model, the field, what was sent and the request id.
Read strictly (the client's strict_response_validation), such an answer is a DialStackAPIError
naming the model and the field, whatever the server sent."""

import asyncio
import copy
import json
import math
import pickle
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialstack import Account, AccountSession, DialStackAPIError, DialStackFieldError, User
from dialstack._models import reading

ACCOUNT: dict[str, Any] = {
    "id": "acct_01h2xcejqtf2nbrexx3vqjhp41",
    "email": "owner@clinic.example",
    "primary_contact_name": "Ada Park",
    "config": {
        "region": "US",
        "extension_length": 3,
        "transcription_enabled": True,
        "recording_enabled": True,
        "redaction_enabled": False,
        "timezone": "UTC",
        "default_agent_visible": None,
    },
    "hold_music_clip_id": None,
    "main_location_id": "loc_1",
    "default_button_template": None,
    "tos_status": "unsigned",
    "tos_accepted_at": None,
    "created_at": "2026-08-01T12:00:00Z",
    "updated_at": "2026-08-01T12:00:00Z",
    "future_field": {"nested": [1, 2]},
}
SESSION = {
    "account_id": "acct_1",
    "client_secret": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
    "expires_at": "2026-08-01T13:00:00+00:00",
}


def test_a_model_serializes_as_exactly_the_wire_json() -> None:
    account = Account.from_wire(ACCOUNT, "req_1")

    assert json.loads(json.dumps(account)) == ACCOUNT
    assert dict(account) == ACCOUNT
    assert account.to_dict() == ACCOUNT
    assert "request_id" not in json.dumps(account)
    assert account.created_at == datetime(2026, 8, 1, 12, tzinfo=UTC)
    assert account.config is not None and account.config.extension_length == 3
    assert account["config"] is account.config  # the nested model is the nested JSON
    assert account.extra == {"future_field": {"nested": [1, 2]}}
    assert account.request_id == "req_1"


def test_fastapi_returns_a_model_as_its_wire_json() -> None:
    from fastapi import FastAPI

    app = FastAPI()
    account = Account.from_wire(ACCOUNT, "req_1")

    @app.get("/account")
    def read() -> Any:
        return account

    assert json.loads(_asgi_get(app, "/account")) == ACCOUNT


def _asgi_get(app: Any, path: str) -> bytes:
    """One GET through the application's own ASGI interface."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 200
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_models_are_frozen_compared_hashed_copied_and_pickled() -> None:
    account = Account.from_wire(ACCOUNT, "req_1")
    again = Account.from_wire(json.loads(json.dumps(ACCOUNT)), "req_2")

    with pytest.raises(TypeError, match="frozen"):
        account["email"] = "x"
    with pytest.raises(TypeError, match="frozen"):
        account.update(email="x")
    with pytest.raises(AttributeError, match="frozen"):
        account.email = "x"  # type: ignore[misc]
    assert account == again  # the same JSON; the request id is not part of it
    assert hash(account) == hash(again)
    assert len({account, again}) == 1
    assert account != User.from_wire(
        {
            "id": ACCOUNT["id"],
            "name": None,
            "email": None,
            "do_not_disturb": False,
            "created_at": "2026-08-01T12:00:00Z",
            "updated_at": "2026-08-01T12:00:00Z",
        }
    )
    for restored in (pickle.loads(pickle.dumps(account)), copy.deepcopy(account)):
        assert restored == account
        assert type(restored) is Account
        assert restored.created_at == account.created_at
        assert restored.request_id == "req_1"


def test_a_secret_never_shows_in_a_repr_but_stays_in_the_json() -> None:
    session = AccountSession.from_wire(SESSION)

    assert session.client_secret not in repr(session)
    assert session.client_secret not in str(session)
    assert session.client_secret not in f"{[session]}"
    assert json.loads(json.dumps(session))["client_secret"] == SESSION["client_secret"]
    assert session.expires_at == datetime(2026, 8, 1, 13, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"created_at": "yesterday"}, "created_at"),
        ({"created_at": "99999-01-01T00:00:00Z"}, "created_at"),
        ({"created_at": 1.7e9}, "created_at"),
        ({"id": None}, "id"),
        ({"config": "US"}, "config"),
        (
            {"config": {**ACCOUNT["config"], "extension_length": math.nan}},
            "config.extension_length",
        ),
        ({"config": {**ACCOUNT["config"], "extension_length": True}}, "config.extension_length"),
        ({"tos_status": 3}, "tos_status"),
    ],
)
def test_a_value_that_does_not_fit_names_the_model_and_field(
    change: dict[str, Any], field: str
) -> None:
    body = {**ACCOUNT, **change}
    outer, _, inner = field.partition(".")
    sent = change[outer][inner] if inner else change[outer]

    account = Account.from_wire(body, "req_9")
    holder: Any = account.config if inner else account
    with pytest.raises(DialStackFieldError) as raised:
        getattr(holder, inner or outer)

    assert isinstance(raised.value, AttributeError)
    assert (raised.value.model, raised.value.field) == (type(holder).__name__, inner or outer)
    assert raised.value.sent is sent
    assert raised.value.request_id == "req_9"
    assert f"{type(holder).__name__}.{inner or outer} cannot be read" in str(raised.value)
    assert getattr(holder, inner or outer, "fallback") == "fallback"
    assert account.email == ACCOUNT["email"]  # the other fields read as sent
    assert dict(account) == body
    with reading(strict=True), pytest.raises(DialStackAPIError) as strict:
        Account.from_wire(body, "req_9")
    assert f"Account whose {field} is not" in strict.value.message
    assert strict.value.request_id == "req_9"
    assert strict.value.raw is body


def test_a_missing_field_and_a_non_object_are_named() -> None:
    without = {k: v for k, v in SESSION.items() if k != "client_secret"}

    session = AccountSession.from_wire(without, "req_m")
    assert session.account_id == "acct_1"
    with pytest.raises(DialStackFieldError, match="without it") as raised:
        _ = session.client_secret
    assert (raised.value.field, raised.value.request_id) == ("client_secret", "req_m")
    listed = AccountSession.from_wire([SESSION])
    with pytest.raises(DialStackFieldError, match=r"AccountSession\.account_id cannot be read"):
        _ = listed.account_id
    with pytest.raises(AttributeError, match="no attribute 'nothing'") as plain:
        getattr(session, "nothing")  # noqa: B009 - a name no model has
    assert not isinstance(plain.value, DialStackFieldError)

    with reading(strict=True):
        with pytest.raises(DialStackAPIError, match="AccountSession without client_secret"):
            AccountSession.from_wire(without)
        with pytest.raises(DialStackAPIError, match="AccountSession that is not an object"):
            AccountSession.from_wire([SESSION])


def _with_changes(changes: dict[str, Any]) -> dict[str, Any]:
    return {**ACCOUNT, **changes}


JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2026-08-01T12:00:00Z", "0001-01-01T00:00:00-23:59", "9999-12-31"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@given(
    st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries(
            {},
            optional={key: JSON_VALUES for key in [*ACCOUNT, "address", "pricing"]},
        ),
        st.dictionaries(st.sampled_from(sorted(ACCOUNT)), JSON_VALUES, max_size=3).map(
            _with_changes
        ),
    )
)
def test_any_json_value_is_a_model_or_a_dialstack_api_error(value: Any) -> None:
    _reads_tolerantly(value)
    try:
        with reading(strict=True):
            account = Account.from_wire(value, "req_h")
    except DialStackAPIError as error:
        problem = error
    else:
        assert isinstance(account.created_at, datetime)
        assert json.dumps(account) == json.dumps(value)
        return
    assert (problem.request_id, problem.raw) == ("req_h", value)
    assert "Account" in problem.message


def _reads_tolerantly(value: object) -> None:
    """Any value is an Account, each field its value or a DialStackFieldError."""
    account = Account.from_wire(value, "req_h")
    unreadable: list[DialStackFieldError] = []
    for name in sorted({*ACCOUNT, "address", "pricing"} - {"future_field"}):
        try:
            getattr(account, name)
        except DialStackFieldError as error:
            unreadable.append(error)
    assert {(error.model, error.request_id) for error in unreadable} <= {("Account", "req_h")}
    if isinstance(value, dict):
        assert json.dumps(account) == json.dumps(value)


def test_deeply_nested_unknown_data_is_kept_without_recursion() -> None:
    deep: Any = "leaf"
    for _ in range(100_000):
        deep = [deep]
    account = Account.from_wire({**ACCOUNT, "future_field": deep})

    copied = account.to_dict()["future_field"]
    for _ in range(100_000):
        copied = copied[0]
    assert copied == "leaf"
    with pytest.raises(DialStackFieldError, match="config"):
        _ = Account.from_wire({**ACCOUNT, "config": deep}).config
    with reading(strict=True), pytest.raises(DialStackAPIError, match="config"):
        Account.from_wire({**ACCOUNT, "config": deep})


def test_models_build_by_keyword_into_the_same_json() -> None:
    session = AccountSession(
        account_id="acct_1",
        client_secret="s.e.c",
        expires_at=datetime(2026, 8, 1, 13, tzinfo=UTC),
    )

    assert dict(session) == {
        "account_id": "acct_1",
        "client_secret": "s.e.c",
        "expires_at": "2026-08-01T13:00:00Z",
    }
    assert session == AccountSession.from_wire(dict(session))
    with pytest.raises(TypeError, match="client_secret"):
        AccountSession(account_id="a", client_secret=7, expires_at=session.expires_at)  # type: ignore[arg-type]
