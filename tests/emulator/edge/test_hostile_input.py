"""Whatever a client sends, the emulator answers 4xx and keeps no poisoned state.

Each class of hostile input is drawn broadly by hypothesis and sent over a real socket;
after each, the request log (which renders every stored request) must still answer 200.
"""

import json
from collections.abc import Iterator

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator import Emulator
from dialstack.emulator.core import request_log
from dialstack.emulator.core.request_body import MAX_BODY_BYTES, MAX_JSON_DEPTH
from dialstack.emulator.core.request_log import MAX_LOGGED_BODY_BYTES, TRUNCATED

KEY = "sk_test_hostile_input_0001"
HOSTILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WRITES = [("POST", "/v1/accounts"), ("POST", "/v1/users"), ("POST", "/_emulator/faults")]


@pytest.fixture(scope="module")
def server() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def http(server: Emulator) -> Iterator[httpx2.Client]:
    with httpx2.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {KEY}"}, trust_env=False
    ) as client:
        yield client


@pytest.fixture(scope="module")
def account_id(http: httpx2.Client) -> str:
    return str(http.post("/v1/accounts", json={}).json()["id"])


def send(http: httpx2.Client, method: str, path: str, body: bytes, account: str) -> httpx2.Response:
    return http.request(
        method,
        path,
        content=body,
        headers={"Content-Type": "application/json", "DialStack-Account": account},
    )


def assert_still_healthy(http: httpx2.Client) -> None:
    """The log renders every stored request: one bad request must not break it for good."""
    log = http.get("/_emulator/requests")
    assert log.status_code == 200, log.text
    assert http.get("/v1/accounts").status_code == 200


def surrogate_escapes() -> st.SearchStrategy[str]:
    lone = st.integers(0xD800, 0xDFFF).map(lambda point: f"\\u{point:04x}")
    return st.lists(st.one_of(lone, st.sampled_from(["a", "é", "\\n", " "])), min_size=1).map(
        "".join
    )


@HOSTILE
@given(body=st.binary(max_size=300), target=st.sampled_from(WRITES))
def test_any_bytes_as_a_body_are_at_most_a_4xx(
    http: httpx2.Client, account_id: str, body: bytes, target: tuple[str, str]
) -> None:
    answer = send(http, *target, body, account_id)

    assert answer.status_code < 500, answer.text


@HOSTILE
@given(
    text=surrogate_escapes(),
    in_key=st.booleans(),
    target=st.sampled_from(WRITES),
    field=st.sampled_from(["name", "email", "primary_contact_name", "body", "path"]),
)
def test_lone_surrogates_anywhere_in_a_body_are_a_400_naming_the_field(
    http: httpx2.Client,
    account_id: str,
    text: str,
    in_key: bool,
    target: tuple[str, str],
    field: str,
) -> None:
    pair = f'"{text}": 1' if in_key else f'"{field}": "{text}"'
    body = f'{{"api_key": "{KEY}", {pair}}}'.encode()

    answer = send(http, *target, body, account_id)

    decoded: str = json.loads(f'"{text}"')
    if any(0xD800 <= ord(char) <= 0xDFFF for char in decoded):  # an unpaired one
        assert answer.status_code == 400, answer.text
        assert answer.json()["code"] == "invalid_json"
        assert "surrogate" in answer.json()["error"]
        if not in_key:
            assert answer.json()["details"]["field"] == field
    assert answer.status_code < 500
    assert_still_healthy(http)


@HOSTILE
@given(
    depth=st.integers(MAX_JSON_DEPTH + 1, 5000),
    opener=st.sampled_from(["[", '{"a":']),
    target=st.sampled_from(WRITES),
)
def test_deep_nesting_is_a_400_and_leaves_no_rule_behind(
    http: httpx2.Client, account_id: str, depth: int, opener: str, target: tuple[str, str]
) -> None:
    closer = "]" if opener == "[" else "}"
    nested = opener * depth + "1" + closer * depth
    body = f'{{"api_key": "{KEY}", "method": "GET", "status": 503, "body": {nested}}}'

    answer = send(http, *target, body.encode(), account_id)

    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "invalid_json"
    assert http.get("/_emulator/faults", params={"api_key": KEY}).json()["data"] == []
    assert_still_healthy(http)


def test_nesting_up_to_the_limit_is_still_json(http: httpx2.Client) -> None:
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    body = f'{{"api_key": "{KEY}", "status": 503, "path": "/nowhere", "body": {nested}}}'

    answer = send(http, "POST", "/_emulator/faults", body.encode(), "")
    http.delete("/_emulator/faults", params={"api_key": KEY})

    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
def test_non_finite_numbers_are_not_json(http: httpx2.Client, literal: str) -> None:
    answer = send(http, "POST", "/v1/accounts", f'{{"email": {literal}}}'.encode(), "")

    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_json"


@HOSTILE
@given(token=st.text(max_size=200), resource=st.sampled_from(["/v1/accounts", "/v1/users"]))
def test_any_page_token_is_at_most_a_400(
    http: httpx2.Client, account_id: str, token: str, resource: str
) -> None:
    answer = http.get(resource, params={"page": token}, headers={"DialStack-Account": account_id})

    assert answer.status_code in (200, 400), answer.text


@HOSTILE
@given(
    params=st.dictionaries(
        st.sampled_from(["search", "limit", "starting_after", "ending_before", "page", "x"]),
        st.text(max_size=100),
    )
)
def test_any_list_query_is_at_most_a_4xx(
    http: httpx2.Client, account_id: str, params: dict[str, str]
) -> None:
    answer = http.get("/v1/users", params=params, headers={"DialStack-Account": account_id})

    assert answer.status_code < 500, answer.text


@pytest.mark.parametrize(
    ("search", "status"), [("a" * 5_000, 200), ("é%_\\" * 400, 200), ("a" * 50_000, 414)]
)
def test_a_huge_search_is_a_414_or_a_list(
    http: httpx2.Client, account_id: str, search: str, status: int
) -> None:
    answer = http.get(
        "/v1/users", params={"search": search}, headers={"DialStack-Account": account_id}
    )

    assert answer.status_code == status, answer.text
    if status == 414:
        assert answer.json()["code"] == "url_too_long"


def test_a_body_over_the_limit_is_a_413(http: httpx2.Client) -> None:
    body = b'{"email": "' + b"a" * MAX_BODY_BYTES + b'"}'

    declared = http.post("/v1/accounts", content=body)
    chunked = http.post("/v1/accounts", content=iter([body[:1000], body[1000:]]))

    assert declared.status_code == chunked.status_code == 413
    assert declared.json()["code"] == "request_too_large"
    assert declared.headers["connection"] == "close"
    assert_still_healthy(http)


def test_the_log_keeps_a_bounded_body_marked_as_cut(http: httpx2.Client, server: Emulator) -> None:
    key = server.new_api_key()
    body = b'{"name": "' + b"n" * (MAX_LOGGED_BODY_BYTES * 4) + b'"}'
    http.post("/v1/accounts", content=body, headers={"Authorization": f"Bearer {key}"})

    (entry,) = http.get("/_emulator/requests", params={"api_key": key}).json()["data"]

    assert entry["body"].endswith(TRUNCATED)
    assert len(entry["body"]) <= MAX_LOGGED_BODY_BYTES + len(TRUNCATED)


def test_an_empty_idempotency_key_is_no_key(http: httpx2.Client) -> None:
    first = http.post(
        "/v1/accounts", json={"email": "one@example.com"}, headers={"Idempotency-Key": ""}
    )
    second = http.post(
        "/v1/accounts", json={"email": "two@example.com"}, headers={"Idempotency-Key": ""}
    )

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert "idempotent-replayed" not in second.headers


@pytest.mark.parametrize(
    ("stored", "other"),
    [
        ("ÄDA@x.com", "äda@x.com"),
        ("STRASSE@x.com", "straße@x.com"),
        ("a\u0308da@x.com", "ÄDA@X.COM"),
        ("ǅemal@x.com", "ǆemal@x.com"),
        ("ΣΟΦΙΑ@x.com", "σοφια@x.com"),
    ],
)
def test_emails_are_unique_by_unicode_case_folding(
    http: httpx2.Client, server: Emulator, stored: str, other: str
) -> None:
    headers = {"Authorization": f"Bearer {server.new_api_key()}"}
    account = http.post("/v1/accounts", json={}, headers=headers).json()["id"]
    headers["DialStack-Account"] = account

    first = http.post("/v1/users", json={"email": stored}, headers=headers)
    clash = http.post("/v1/users", json={"email": other}, headers=headers)
    renamed = http.post("/v1/users", json={"email": "free@x.com"}, headers=headers)
    clash_by_update = http.post(
        f"/v1/users/{renamed.json()['id']}", json={"email": other}, headers=headers
    )
    found = http.get(
        "/v1/users", params={"search": other.split("@", maxsplit=1)[0]}, headers=headers
    )

    assert first.status_code == 201
    assert clash.status_code == clash_by_update.status_code == 409
    assert clash.json()["code"] == "duplicate_email"
    assert [user["email"] for user in found.json()["data"]] == [stored]


def test_the_log_keeps_a_bounded_number_of_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(request_log, "MAX_ENTRIES_PER_TENANT", 10)
    monkeypatch.setattr(request_log, "MAX_ENTRIES", 25)
    with Emulator() as emulator, httpx2.Client(base_url=emulator.url, trust_env=False) as client:
        keys = [emulator.new_api_key() for _ in range(4)]
        for key in keys:
            for _ in range(12):
                client.get("/v1/accounts", headers={"Authorization": f"Bearer {key}"})
        kept = [
            len(client.get("/_emulator/requests", params={"api_key": key}).json()["data"])
            for key in keys
        ]
        everything = client.get("/_emulator/requests").json()["data"]

    # The last 25 arrivals are held (the oldest keys' go first); of those, each key shows
    # at most its last 10.
    assert kept == [0, 1, 10, 10]
    assert len(everything) == 21
