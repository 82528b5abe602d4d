"""A number's ``route`` and SMS port-out window over a real socket, on a number an order
brought to the account."""

from datetime import UTC, timedelta
from typing import Any

import pytest

from .conftest import Numbering


@pytest.fixture
def number(numbering: Numbering) -> dict[str, Any]:
    (found,) = numbering.available(area_code="512", quantity=1)
    numbering.order(found["phone_number"])
    numbering.emulator.advance_clock(5)
    return numbering.numbers()[found["phone_number"]]


def user(numbering: Numbering) -> str:
    answer = numbering.post("/v1/users", {"name": "Ada Lovelace"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_a_number_routes_to_a_target_and_none_clears_it(
    numbering: Numbering, number: dict[str, Any]
) -> None:
    target = user(numbering)
    path = f"/v1/phone-numbers/{number['id']}/route"

    routed = numbering.post(path, {"routing_target": target})
    cleared = numbering.post(path, {"routing_target": None})

    assert routed.status_code == 200, routed.text
    assert routed.json()["routing_target"] == target
    assert routed.json()["updated_at"] >= number["updated_at"]
    assert cleared.json()["routing_target"] is None
    assert numbering.get(f"/v1/phone-numbers/{number['id']}").json()["routing_target"] is None


def test_a_routed_number_holds_its_target_in_use(
    numbering: Numbering, number: dict[str, Any]
) -> None:
    target = user(numbering)
    numbering.post(f"/v1/phone-numbers/{number['id']}/route", {"routing_target": target})

    deleted = numbering.http.delete(f"/v1/users/{target}", headers=numbering.headers)

    assert deleted.status_code == 409
    assert deleted.json()["code"] == "target_in_use"


@pytest.mark.parametrize(
    "target", ["user_01h0000000000000000000000", "nonsense", "", "did_01h0000000000000000000000"]
)
def test_a_target_that_is_not_one_of_the_accounts_is_a_422(
    numbering: Numbering, number: dict[str, Any], target: str
) -> None:
    answer = numbering.post(f"/v1/phone-numbers/{number['id']}/route", {"routing_target": target})

    assert answer.status_code == 422, answer.text
    assert answer.json()["details"]["field"] == "routing_target"


def test_a_number_cannot_route_to_another_number(
    numbering: Numbering, number: dict[str, Any]
) -> None:
    (other,) = numbering.available(area_code="512", quantity=1)
    numbering.order(other["phone_number"])
    numbering.emulator.advance_clock(5)
    other_id = numbering.numbers()[other["phone_number"]]["id"]

    answer = numbering.post(f"/v1/phone-numbers/{number['id']}/route", {"routing_target": other_id})

    assert answer.status_code == 422


def test_a_number_that_drops_its_calls_takes_only_none(
    numbering: Numbering, number: dict[str, Any]
) -> None:
    target = user(numbering)
    numbering.post(f"/v1/phone-numbers/{number['id']}", {"inbound_routing": "drop"})
    path = f"/v1/phone-numbers/{number['id']}/route"

    refused = numbering.post(path, {"routing_target": target})
    cleared = numbering.post(path, {"routing_target": None})

    assert refused.status_code == 422
    assert refused.json()["details"]["field"] == "routing_target"
    assert cleared.status_code == 200
    assert cleared.json()["inbound_routing"] == "drop"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "routing_target"),
        ({"routing_target": 7}, 400, "routing_target"),
        ({"routing_target": "x" * 256}, 400, "routing_target"),
        ({"routing_target": None, "inbound_routing": "drop"}, 400, "inbound_routing"),
    ],
)
def test_a_bad_route_body_is_a_400(
    numbering: Numbering, number: dict[str, Any], body: dict[str, Any], status: int, field: str
) -> None:
    answer = numbering.post(f"/v1/phone-numbers/{number['id']}/route", body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field


def test_another_accounts_number_is_a_404(numbering: Numbering, number: dict[str, Any]) -> None:
    other = numbering.http.post("/v1/accounts", json={"email": "b@example.com"}).json()["id"]
    theirs = {"DialStack-Account": other}

    for answer in (
        numbering.http.post(
            f"/v1/phone-numbers/{number['id']}/route", json={"routing_target": None}, headers=theirs
        ),
        numbering.http.get(f"/v1/phone-numbers/{number['id']}/sms-port-out", headers=theirs),
        numbering.http.post(
            f"/v1/phone-numbers/{number['id']}/sms-port-out",
            json={"expires_at": None},
            headers=theirs,
        ),
    ):
        assert answer.status_code == 404, answer.text


def test_the_sms_port_out_window_is_locked_until_opened_and_closes_on_time(
    numbering: Numbering, number: dict[str, Any]
) -> None:
    path = f"/v1/phone-numbers/{number['id']}/sms-port-out"
    now = numbering.emulator.clock().now.astimezone(UTC)
    closes = (now + timedelta(days=2)).replace(microsecond=0)

    locked = numbering.get(path)
    opened = numbering.post(path, {"expires_at": closes.isoformat().replace("+00:00", "Z")})

    assert locked.status_code == 200
    assert locked.json() == {"expires_at": None}
    assert opened.status_code == 200, opened.text
    assert opened.json()["expires_at"].startswith(closes.strftime("%Y-%m-%dT%H:%M:%S"))
    assert numbering.get(path).json() == opened.json()

    numbering.emulator.advance_clock(timedelta(days=2))
    assert numbering.get(path).json() == {"expires_at": None}


def test_none_locks_an_open_window(numbering: Numbering, number: dict[str, Any]) -> None:
    path = f"/v1/phone-numbers/{number['id']}/sms-port-out"
    closes = numbering.emulator.clock().now + timedelta(hours=1)
    numbering.post(path, {"expires_at": closes.isoformat()})

    locked = numbering.post(path, {"expires_at": None})

    assert locked.json() == {"expires_at": None}
    assert numbering.get(path).json() == {"expires_at": None}


@pytest.mark.parametrize(
    ("offset", "status"),
    [
        (timedelta(seconds=-1), 422),
        (timedelta(0), 422),
        (timedelta(days=30, seconds=1), 422),
        (timedelta(days=30), 200),
    ],
)
def test_a_window_must_close_within_the_next_30_days(
    numbering: Numbering, number: dict[str, Any], offset: timedelta, status: int
) -> None:
    # Whole seconds: earlier than the clock by less than a second, whatever its fraction.
    at = numbering.emulator.clock().now.replace(microsecond=0) + offset

    answer = numbering.post(
        f"/v1/phone-numbers/{number['id']}/sms-port-out", {"expires_at": at.isoformat()}
    )

    assert answer.status_code == status, answer.text
    if status == 422:
        assert answer.json()["details"]["field"] == "expires_at"


@pytest.mark.parametrize(
    "expires_at", ["tomorrow", "2026-13-01T00:00:00Z", 1767225600, "0000-01-01T00:00:00Z"]
)
def test_a_window_that_is_no_time_is_refused(
    numbering: Numbering, number: dict[str, Any], expires_at: Any
) -> None:
    answer = numbering.post(
        f"/v1/phone-numbers/{number['id']}/sms-port-out", {"expires_at": expires_at}
    )

    assert answer.status_code in {400, 422}, answer.text
    assert answer.json()["details"]["field"] == "expires_at"
