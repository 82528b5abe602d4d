"""Schedules over HTTP: create, retrieve, list, and the bad input each refuses by field."""

from typing import Any

import pytest

from ..calls.conftest import Platform, new_account

OFFICE = {
    "name": "Office hours",
    "timezone": "America/New_York",
    "ranges": [{"day": 1, "start": "09:00", "end": "17:00"}],
    "holidays": [{"start": "2026-12-24", "end": "2026-12-26"}],
}


def _create(platform: Platform, body: dict[str, Any], account: str | None = None) -> Any:
    return platform.http.post(
        "/v1/schedules", json=body, headers={"DialStack-Account": account or platform.account}
    )


def test_a_schedule_is_created_retrieved_and_listed(platform: Platform) -> None:
    created = _create(platform, OFFICE)
    assert created.status_code == 201, created.text
    schedule = created.json()
    assert schedule["id"].startswith("sched_")
    assert {key: schedule[key] for key in OFFICE} == OFFICE
    assert schedule["created_at"] == schedule["updated_at"]

    assert platform.get(f"/v1/schedules/{schedule['id']}").json() == schedule
    second = _create(platform, {"name": "Always", "ranges": []}).json()
    assert second["timezone"] == "UTC"
    assert second["holidays"] == []
    listed = platform.get("/v1/schedules", limit=1).json()
    assert [item["id"] for item in listed["data"]] == [second["id"]]
    following = platform.http.get(listed["next_page_url"], headers=platform.headers).json()
    assert [item["id"] for item in following["data"]] == [schedule["id"]]


def test_another_accounts_schedule_is_missing(platform: Platform) -> None:
    elsewhere = new_account(platform.http)
    schedule = _create(platform, OFFICE, account=elsewhere).json()

    answer = platform.get(f"/v1/schedules/{schedule['id']}")

    assert answer.status_code == 404
    assert platform.get("/v1/schedules").json()["data"] == []


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        # Off the description: 400.
        ({"name": None}, 400, "name"),
        ({"name": ""}, 400, "name"),
        ({"ranges": None}, 400, "ranges"),
        ({"ranges": [{"day": 7, "start": "09:00", "end": "17:00"}]}, 400, "ranges.0.day"),
        ({"ranges": [{"day": 1, "start": "9:00", "end": "17:00"}]}, 400, "ranges.0.start"),
        ({"ranges": [{"day": 1, "start": "09:00", "end": "24:01"}]}, 400, "ranges.0.end"),
        ({"ranges": [{"day": 1, "start": "09:00", "end": "17:00", "tz": "x"}]}, 400, "ranges.0.tz"),
        ({"holidays": [{"start": "2026-03-02"}]}, 400, "holidays.0.end"),
        ({"ranges": [{"day": 1, "start": "09:00", "end": "10:00"}] * 101}, 400, "ranges"),
        ({"colour": "blue"}, 400, "colour"),
        # Well-formed but meaningless: 422.
        ({"timezone": "Mars/Olympus_Mons"}, 422, "timezone"),
        ({"timezone": "../../etc/passwd"}, 422, "timezone"),
        ({"ranges": [{"day": 1, "start": "17:00", "end": "09:00"}]}, 422, "ranges[0].end"),
        ({"ranges": [{"day": 1, "start": "09:00", "end": "09:00"}]}, 422, "ranges[0].end"),
        ({"holidays": [{"start": "2026-02-30", "end": "2026-03-01"}]}, 422, "holidays[0].start"),
        ({"holidays": [{"start": "2026-03-02", "end": "2026-03-01"}]}, 422, "holidays[0].end"),
    ],
)
def test_bad_schedules_are_refused_naming_the_field(
    platform: Platform, change: dict[str, Any], status: int, field: str
) -> None:
    body = {key: value for key, value in {**OFFICE, **change}.items() if value is not None}

    answer = _create(platform, body)

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] in {"validation_error", "parameter_unknown"}
    assert answer.json()["details"]["field"] == field
    assert platform.get("/v1/schedules").json()["data"] == []
