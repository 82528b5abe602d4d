"""Schedules: weekly open hours and holidays in one time zone, read by dial plans' schedule
nodes on the tenant's clock."""

from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing, SemanticallyInvalid
from ...core.pages import ListRequest, list_reply
from ...core.timestamps import iso
from .tables import DialPlanTables

ScheduleState = Literal["open", "closed", "holiday"]
DEFAULT_TIMEZONE = "UTC"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SemanticallyInvalid("timezone", f"{name!r} is not an IANA time zone") from None


def _minutes(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SemanticallyInvalid(field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def _check_ranges(ranges: list[dict[str, Any]]) -> None:
    for index, time_range in enumerate(ranges):
        if _minutes(time_range["end"]) <= _minutes(time_range["start"]):
            raise SemanticallyInvalid(f"ranges[{index}].end", "end must be later than start")


def _check_holidays(holidays: list[dict[str, str]]) -> None:
    for index, holiday in enumerate(holidays):
        start = _day(holiday["start"], f"holidays[{index}].start")
        if _day(holiday["end"], f"holidays[{index}].end") < start:
            raise SemanticallyInvalid(f"holidays[{index}].end", "end must not be before start")


def state_at(schedule: dict[str, Any], at: float) -> ScheduleState:
    """Whether the schedule is open at the instant ``at`` (epoch seconds); a holiday closes
    the whole day whatever the ranges say."""
    local = datetime.fromtimestamp(at, ZoneInfo(schedule["timezone"]))
    today = local.date().isoformat()
    if any(holiday["start"] <= today <= holiday["end"] for holiday in schedule["holidays"]):
        return "holiday"
    weekday = (local.weekday() + 1) % 7  # the API counts from Sunday
    minute = local.hour * 60 + local.minute
    for time_range in schedule["ranges"]:
        if time_range["day"] == weekday and _minutes(time_range["start"]) <= minute < _minutes(
            time_range["end"]
        ):
            return "open"
    return "closed"


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    timezone = call.body.get("timezone", DEFAULT_TIMEZONE)
    _zone(timezone)
    ranges: list[dict[str, Any]] = call.body["ranges"]
    holidays: list[dict[str, str]] = call.body.get("holidays", [])
    _check_ranges(ranges)
    _check_holidays(holidays)
    timestamp = iso(int(call.runtime.clock.now(call.tenant) * 1_000_000_000))
    schedule_id = call.runtime.ids.new("sched")
    stored = to_json(
        {
            "id": schedule_id,
            "object": "schedule",
            "name": call.body["name"],
            "timezone": timezone,
            "ranges": ranges,
            "holidays": holidays,
            "created_at": timestamp,
            "updated_at": timestamp,
        }
    )
    call.runtime.state(DialPlanTables).insert_schedule(call.tenant, account_id, schedule_id, stored)
    return 201, stored


def retrieve(call: ApiRequest) -> Reply:
    tables = call.runtime.state(DialPlanTables)
    return 200, document(tables, call.tenant, call.account_id(), call.path_params["schedule_id"])


def list_schedules(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/schedules", f"{call.tenant}|schedules|{account_id}", "sched", {})
    tables = call.runtime.state(DialPlanTables)
    return list_reply(
        call, request, lambda page: tables.schedule_page(call.tenant, account_id, page)
    )


def document(tables: DialPlanTables, tenant: str, account_id: str, schedule_id: str) -> str:
    stored = tables.schedule(tenant, account_id, schedule_id)
    if stored is None:
        raise ResourceMissing("schedule", schedule_id)
    return stored


OPERATIONS = {
    "schedules.create": create,
    "schedules.retrieve": retrieve,
    "schedules.list": list_schedules,
}
