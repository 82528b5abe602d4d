"""An inbound call to one of the account's numbers (`target` = the number's id) follows the
number's routing: a dial plan whose schedule is open or closed on the tenant's stepped clock,
to the user it rings; the call log's `to_number` is where the call was routed, not the number
dialled again."""

from datetime import UTC, datetime
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .conftest import Platform, new_account, new_user

DAY = 24 * 60 * 60


def _post(platform: Platform, path: str, body: dict[str, Any]) -> Any:
    answer = platform.http.post(path, json=body, headers=platform.headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def _number(platform: Platform) -> dict[str, Any]:
    platform.simulate()  # the account's first test call gives it its number
    number: dict[str, Any] = platform.get("/v1/phone-numbers").json()["data"][0]
    return number


def _today(platform: Platform) -> datetime:
    return datetime.fromtimestamp(platform.clock(mode="stepped")["now"], UTC)


def _business_line(
    platform: Platform, today: datetime, *, holiday: bool = False
) -> tuple[str, dict[str, str]]:
    """A plan open all of today (UTC), ringing a different user open, closed and on holidays."""
    people = {
        exit_name: new_user(platform.http, platform.account, name)
        for exit_name, name in [("open", "Desk"), ("closed", "Night"), ("holiday", "Holiday")]
    }
    schedule = _post(
        platform,
        "/v1/schedules",
        {
            "name": "Today",
            "ranges": [{"day": (today.weekday() + 1) % 7, "start": "00:00", "end": "24:00"}],
            "holidays": (
                [{"start": today.date().isoformat(), "end": today.date().isoformat()}]
                if holiday
                else []
            ),
        },
    )
    plan = _post(
        platform,
        "/v1/dialplans",
        {
            "name": "Main line",
            "entry_node": "hours",
            "nodes": [
                {
                    "id": "hours",
                    "type": "schedule",
                    "config": {
                        "schedule": schedule["id"],
                        "open": "open",
                        "closed": "closed",
                        "holiday": "holiday",
                    },
                },
                *(
                    {"id": name, "type": "internal_dial", "config": {"target": user}}
                    for name, user in people.items()
                ),
            ],
        },
    )
    return plan["id"], people


def _call_to(platform: Platform, number: dict[str, Any]) -> dict[str, Any]:
    created = _post(platform, "/v1/test_helpers/calls", {"target": number["id"]})
    platform.clock(advance_seconds=600)
    return platform.call(created["id"])


def test_a_number_routed_to_a_dial_plan_rings_whoever_the_schedule_picks(
    platform: Platform,
) -> None:
    number = _number(platform)
    plan, people = _business_line(platform, _today(platform))
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": plan})

    open_call = _call_to(platform, number)
    platform.clock(advance_seconds=DAY)  # tomorrow the schedule has no range
    closed_call = _call_to(platform, number)

    assert open_call["user"] == people["open"]
    assert closed_call["user"] == people["closed"]
    assert open_call["did"] == closed_call["did"] == number["id"]
    # The routed destination, as the API logs it; the dialled number still finds the call.
    assert open_call["to_number"] == people["open"]
    assert open_call["to_label"] == "Desk"
    by_number = platform.get("/v1/calls", to_number=number["phone_number"]).json()["data"]
    assert {open_call["id"], closed_call["id"]} <= {call["id"] for call in by_number}


def test_a_holiday_takes_the_holiday_branch(platform: Platform) -> None:
    number = _number(platform)
    plan, people = _business_line(platform, _today(platform), holiday=True)
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": plan})

    call = _call_to(platform, number)

    assert call["user"] == people["holiday"]


def test_a_dropped_number_rings_no_one(platform: Platform) -> None:
    number = _number(platform)
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"inbound_routing": "drop"})
    platform.clock(mode="stepped")

    call = _call_to(platform, number)

    assert call["user"] is None
    assert call["status"] == "no-answer"
    assert call["to_number"] == number["phone_number"]  # routed nowhere further


def test_a_number_routed_to_a_user_rings_that_user(platform: Platform) -> None:
    number = _number(platform)
    other = new_user(platform.http, platform.account, "Grace")
    _post(platform, f"/v1/phone-numbers/{number['id']}", {"routing_target": other})
    platform.clock(mode="stepped")

    call = _call_to(platform, number)

    assert call["user"] == other
    assert call["to_number"] == other


def test_to_number_names_the_number_a_call_comes_in_on(
    platform: Platform, dialstack_emulator: EmulatorHandle
) -> None:
    first = _number(platform)
    _give_number(dialstack_emulator, platform.account, "+14155550199", "active")

    created = platform.simulate(to_number="+14155550199")

    call = platform.call(created["id"])
    second = platform.get("/v1/phone-numbers").json()["data"][0]
    assert second["phone_number"] == "+14155550199"
    assert call["did"] == second["id"] != first["id"]
    assert call["user"] == platform.user


def _give_number(emulator: EmulatorHandle, account: str, e164: str, status: str) -> None:
    answer = httpx2.post(
        f"{emulator.url}/_emulator/phone_numbers",
        json={
            "api_key": emulator.api_key,
            "account": account,
            "phone_number": e164,
            "status": status,
        },
        trust_env=False,
    )
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("whose", ["nobody's", "inactive", "another account's"])
def test_a_call_to_a_number_not_active_on_the_account_is_refused(
    platform: Platform, dialstack_emulator: EmulatorHandle, whose: str
) -> None:
    e164 = "+14155550177"
    if whose == "inactive":
        _give_number(dialstack_emulator, platform.account, e164, "inactive")
    elif whose == "another account's":
        _give_number(dialstack_emulator, new_account(platform.http), e164, "active")

    answer = platform.http.post(
        "/v1/test_helpers/calls",
        json={"user": platform.user, "to_number": e164},
        headers=platform.headers,
    )

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "to_number"
    assert platform.get("/v1/calls").json()["data"] == []


def test_a_number_with_no_routing_rings_no_one(platform: Platform) -> None:
    number = _number(platform)
    platform.clock(mode="stepped")

    call = _call_to(platform, number)

    assert call["user"] is None
    assert call["status"] == "no-answer"


def test_another_accounts_number_is_no_target(platform: Platform) -> None:
    number = _number(platform)
    elsewhere = {"DialStack-Account": new_account(platform.http)}

    answer = platform.http.post(
        "/v1/test_helpers/calls", json={"target": number["id"]}, headers=elsewhere
    )

    assert answer.status_code in (400, 422)
    assert answer.json()["details"]["field"] == "target"
