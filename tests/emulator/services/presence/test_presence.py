"""User presence and park slots over HTTP: derived from registrations, simulated calls and
parks, on the tenant's clock."""

from typing import Any

import httpx2
import pytest

from ..calls.conftest import new_account, new_user
from .conftest import PresencePlatform


def _presence(presence: PresencePlatform, user: str) -> dict[str, Any]:
    answer = presence.get(f"/v1/users/{user}/presence")
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _list(presence: PresencePlatform, query: list[tuple[str, str]]) -> httpx2.Response:
    return presence.http.get("/v1/presence", params=tuple(query), headers=presence.headers)


def test_a_user_goes_offline_available_on_call_and_back(presence: PresencePlatform) -> None:
    user = presence.user
    offline = _presence(presence, user)
    presence.register(user, webrtc_sessions=2)
    available = _presence(presence, user)
    presence.clock(mode="stepped")
    presence.simulate(scenario={"outcome": "answered", "ring_seconds": 5, "talk_seconds": 60})
    ringing = _presence(presence, user)
    presence.clock(advance_seconds=10)
    talking = _presence(presence, user)
    presence.clock(advance_seconds=60)
    after = _presence(presence, user)
    presence.register(user, registered=False)

    assert offline == {
        "object": "user_presence",
        "state": "offline",
        "notifiable": False,
        "do_not_disturb": False,
        "webrtc": {"state": "offline", "sessions": 0},
    }
    assert available["state"] == "available"
    assert available["webrtc"] == {"state": "available", "sessions": 2}
    assert ringing["state"] == "available"
    assert talking["state"] == "on_call"
    assert talking["webrtc"]["state"] == "on_call"
    assert after["state"] == "available"
    assert _presence(presence, user)["state"] == "offline"


def test_a_call_answered_while_unregistered_still_shows_on_call(
    presence: PresencePlatform,
) -> None:
    presence.clock(mode="stepped")
    presence.simulate(scenario={"outcome": "answered", "ring_seconds": 1, "talk_seconds": 30})
    presence.clock(advance_seconds=5)
    assert _presence(presence, presence.user)["state"] == "on_call"


def test_do_not_disturb_and_push_wakeup_mirror_the_user(presence: PresencePlatform) -> None:
    changed = presence.post(
        f"/v1/users/{presence.user}",
        do_not_disturb=True,
        config={"mobile_push_wakeup": True},
    )
    assert changed.status_code == 200, changed.text
    shown = _presence(presence, presence.user)
    assert (shown["do_not_disturb"], shown["notifiable"], shown["state"]) == (True, True, "offline")

    presence.post(f"/v1/users/{presence.user}", do_not_disturb=False)
    assert _presence(presence, presence.user)["do_not_disturb"] is False


def test_list_answers_users_in_request_order_then_slots(presence: PresencePlatform) -> None:
    second = new_user(presence.http, presence.account, "Grace Hopper")
    presence.register(second)
    presence.park(12, from_number="+15555550123", from_label="SPRINGFIELD IL")

    answer = _list(
        presence,
        [
            ("user[]", second),
            ("user[]", presence.user),
            ("park_slot[]", "12"),
            ("park_slot[]", "3"),
        ],
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["object"], body["next_page_url"], body["previous_page_url"]) == (
        "list",
        None,
        None,
    )
    data = body["data"]
    assert [(d["object"], d.get("user"), d.get("slot")) for d in data] == [
        ("user_presence", second, None),
        ("user_presence", presence.user, None),
        ("park_slot", None, 12),
        ("park_slot", None, 3),
    ]
    assert [d.get("state") for d in data[:2]] == ["available", "offline"]
    assert data[2]["parked_call"]["from_number"] == "+15555550123"
    assert data[2]["parked_call"]["from_label"] == "SPRINGFIELD IL"
    assert data[3]["parked_call"] is None


def test_all_slots_answers_only_occupied_ones(presence: PresencePlatform) -> None:
    presence.park(7)
    presence.park(2)
    answer = _list(presence, [("park_slot[]", "all")])
    assert answer.status_code == 200, answer.text
    assert [d["slot"] for d in answer.json()["data"]] == [2, 7]


def test_a_park_slot_walks_parked_ringing_back_free(presence: PresencePlatform) -> None:
    presence.clock(mode="stepped")
    parked = presence.park(5, parked_by=presence.user, park_seconds=45, call="call_x")
    presence.clock(advance_seconds=45)
    ringing = _list(presence, [("park_slot[]", "5")]).json()["data"][0]
    presence.clock(advance_seconds=30)
    freed = _list(presence, [("park_slot[]", "5")]).json()["data"][0]

    assert parked["parked_call"]["status"] == "parked"
    assert parked["parked_call"]["parked_by"] == presence.user
    assert parked["parked_call"]["call"] == "call_x"
    assert ringing["parked_call"]["status"] == "ringing_back"
    assert freed == {"object": "park_slot", "slot": 5, "parked_call": None}
    presence.park(5)  # the slot is free to park in again


def test_a_picked_up_call_frees_its_slot(presence: PresencePlatform) -> None:
    presence.park(9)
    picked = presence.control("DELETE", "/park_slots/9")
    again = presence.control("DELETE", "/park_slots/9")
    occupied = presence.control("POST", "/park_slots", slot=4)
    taken = presence.control("POST", "/park_slots", slot=4)

    assert picked.status_code == 200, picked.text
    assert picked.json()["parked_call"] is None
    assert again.status_code == 404
    assert occupied.status_code == 201
    assert (taken.status_code, taken.json()["code"]) == (409, "park_slot_occupied")


def test_one_unknown_user_fails_the_whole_list(presence: PresencePlatform) -> None:
    answer = _list(presence, [("user[]", presence.user), ("user[]", "user_nobody")])
    assert answer.status_code == 404
    assert answer.json()["code"] == "resource_missing"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ([("park_slot[]", "all"), ("park_slot[]", "3")], "park_slot[]"),
        ([("park_slot[]", "3"), ("park_slot[]", "all")], "park_slot[]"),
        ([("park_slot[]", "0")], "park_slot[].0"),
        ([("park_slot[]", "1000")], "park_slot[].0"),
        ([("park_slot[]", "-1")], "park_slot[].0"),
        ([("park_slot[]", "ALL")], "park_slot[].0"),
        ([("user[]", f"user_{n}") for n in range(51)], "user[]"),
        ([("park_slot[]", str(n)) for n in range(1, 52)], "park_slot[]"),
    ],
)
def test_bad_presence_queries_are_400_naming_the_field(
    presence: PresencePlatform, query: list[tuple[str, str]], field: str
) -> None:
    answer = _list(presence, query)
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


def test_another_accounts_user_is_404(presence: PresencePlatform) -> None:
    elsewhere = new_account(presence.http)
    stranger = new_user(presence.http, elsewhere)
    assert presence.get(f"/v1/users/{stranger}/presence").status_code == 404
    assert _list(presence, [("user[]", stranger)]).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user": None, "registered": True}, "user"),
        ({"registered": "yes"}, "registered"),
        ({"registered": True, "webrtc_sessions": 21}, "webrtc_sessions"),
        ({"registered": True, "webrtc_sessions": True}, "webrtc_sessions"),
        ({"slot": 0}, "slot"),
        ({"slot": 3, "park_seconds": 0}, "park_seconds"),
        ({"slot": 3, "from_label": ""}, "from_label"),
        ({"slot": 3, "from_label": "x" * 256}, "from_label"),
        ({"slot": "3"}, "slot"),
    ],
)
def test_bad_control_calls_are_400_naming_the_field(
    presence: PresencePlatform, body: dict[str, Any], field: str
) -> None:
    path = "/presence/registrations" if "registered" in body else "/park_slots"
    body = {"user": presence.user, **body} if "registered" in body else body
    answer = presence.control("POST", path, **body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field
