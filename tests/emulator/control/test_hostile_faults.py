"""Fault rules are checked when they are added: a rule the emulator could not answer with is
a 400 and is never stored; a rule it accepts answers cleanly on the wire."""

from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator import Emulator
from dialstack.emulator.core.faults import MAX_FAULT_BODY_BYTES, MAX_RULES

KEY = "sk_test_hostile_faults_0001"


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


def add(http: httpx2.Client, **rule: Any) -> httpx2.Response:
    return http.post("/_emulator/faults", json={"api_key": KEY, "path": "/v1/accounts", **rule})


def stored(http: httpx2.Client) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = http.get("/_emulator/faults", params={"api_key": KEY}).json()[
        "data"
    ]
    return rules


@pytest.mark.parametrize(
    "rule",
    [
        {"status": 503, "headers": {"X-Bad": "a\r\nSet-Cookie: injected=1"}},
        {"status": 503, "headers": {"X-Bad": "line\nfeed"}},
        {"status": 503, "headers": {"X-Bad": "nul\x00byte"}},
        {"status": 503, "headers": {"X-Bad": "snowman ☃"}},
        {"status": 503, "headers": {"X-Bad": " padded "}},
        {"status": 503, "headers": {"X-Bad": "x" * 10_000}},
        {"status": 503, "headers": {"Bad Name": "value"}},
        {"status": 503, "headers": {"Bad:Name": "value"}},
        {"status": 503, "headers": {"": "value"}},
        {"status": 503, "headers": {"Content-Length": "5"}},
        {"status": 503, "headers": {"Transfer-Encoding": "chunked"}},
        {"status": 503, "retry_after": "1\r\nX-Injected: 1"},
        {"status": 503, "retry_after": -1},
        {"status": 199},
        {"status": 600},
        {"status": 503, "body": "x" * (MAX_FAULT_BODY_BYTES + 1)},
        {"status": 503, "method": "GET\r\n"},
        {"status": 503, "path": "/" * 5000},
        {"status": 503, "times": 0},
        {"status": 503, "times": 10**30},
        {"delay": 1e308},
    ],
)
def test_a_rule_the_emulator_cannot_answer_with_is_refused_and_not_stored(
    http: httpx2.Client, rule: dict[str, Any]
) -> None:
    answer = add(http, **rule)

    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "validation_error"
    assert stored(http) == []


header_names = st.from_regex(r"x-[a-z0-9-]{1,20}", fullmatch=True)  # one spelling each
header_values = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0xFF, exclude_characters="\x7f"),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.integers(200, 599),
    headers=st.dictionaries(header_names, header_values, max_size=3),
    body=st.one_of(
        st.none(), st.text(max_size=50), st.dictionaries(st.text(max_size=5), st.integers())
    ),
)
def test_an_accepted_rule_answers_cleanly(
    http: httpx2.Client, status: int, headers: dict[str, str], body: Any
) -> None:
    added = add(http, method="GET", status=status, headers=headers, body=body)
    assert added.status_code == 201, added.text

    answer = http.get("/v1/accounts")

    assert answer.status_code == status
    sent = {name.decode().lower(): value for name, value in answer.headers.raw}
    for name, value in headers.items():
        assert sent[name.lower()] == value.encode("latin-1")
    if status not in (204, 304):
        assert answer.headers["x-request-id"].startswith("req_")
    assert stored(http) == []


def test_the_number_of_waiting_rules_is_bounded(http: httpx2.Client) -> None:
    answers = [
        add(http, status=503, path=f"/nowhere/{index}").status_code
        for index in range(MAX_RULES + 1)
    ]
    http.delete("/_emulator/faults", params={"api_key": KEY})

    assert answers[:MAX_RULES] == [201] * MAX_RULES
    assert answers[MAX_RULES] == 409
