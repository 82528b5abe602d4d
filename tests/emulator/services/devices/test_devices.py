"""Devices over HTTP: kinds detected from the MAC, handsets and bases, users' lines, the six
conflicts of the one-device-per-user rule, sync and registration, and bad input."""

import re

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import GRANDSTREAM, UNKNOWN_VENDOR, YEALINK_BASE, YEALINK_DESKPHONE, Office


def test_create_answers_only_the_id_and_the_detected_type(office: Office) -> None:
    answer = office.post("/v1/devices", {"mac_address": "80-5e-0c-ab-cd-ef", "name": "Desk"})
    device = office.read(answer.json()["id"])

    assert answer.status_code == 201
    assert answer.json() == {"id": device["id"], "type": "deskphone"}
    assert re.fullmatch(r"dev_[0-7][0-9a-z]{25}", device["id"])
    assert device["mac_address"] == "80:5E:0C:AB:CD:EF"
    assert (device["vendor"], device["name"], device["status"]) == (
        "yealink",
        "Desk",
        "pending-sync",
    )
    assert device["registration_status"] == "not_registered"
    assert (device["lines"], device["primary_line"]) == ([], None)


@pytest.mark.parametrize(
    ("body", "kind", "prefix"),
    [
        ({"mac_address": YEALINK_BASE}, "dect_base", "dectb_"),
        ({"mac_address": GRANDSTREAM, "type": "dect_base"}, "dect_base", "dectb_"),
        ({"mac_address": GRANDSTREAM, "type": "deskphone"}, "deskphone", "dev_"),
        ({"mac_address": UNKNOWN_VENDOR, "type": "deskphone"}, "deskphone", "dev_"),
        ({"type": "dect_handset", "ipei": "0328d3c918"}, "dect_handset", "decth_"),
    ],
    ids=[
        "detected-base",
        "ambiguous-block-base",
        "ambiguous-block-phone",
        "unknown-given",
        "handset",
    ],
)
def test_each_kind_is_made_with_its_prefix(
    office: Office, body: dict[str, str], kind: str, prefix: str
) -> None:
    created = office.made("/v1/devices", body)

    assert created["type"] == kind
    assert created["id"].startswith(prefix)
    assert office.read(created["id"])["type"] == kind


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"mac_address": UNKNOWN_VENDOR}, 422, "mac_address"),
        ({"mac_address": GRANDSTREAM}, 422, "type"),
        ({"mac_address": YEALINK_DESKPHONE, "type": "dect_base"}, 422, "type"),
        ({"mac_address": "01:00:5E:00:00:01", "type": "deskphone"}, 422, "mac_address"),
        ({"mac_address": "00:00:00:00:00:00", "type": "deskphone"}, 422, "mac_address"),
        ({}, 422, "mac_address"),
        ({"type": "dect_handset"}, 422, "ipei"),
        (
            {"type": "dect_handset", "ipei": "0328D3C918", "mac_address": UNKNOWN_VENDOR},
            422,
            "mac_address",
        ),
        ({"type": "dect_handset", "ipei": "0328D3C918", "location": "loc_1"}, 422, "location"),
        ({"type": "dect_handset", "ipei": "0328D3C9"}, 400, "ipei"),
        ({"mac_address": YEALINK_DESKPHONE, "ipei": "0328D3C918"}, 422, "ipei"),
        ({"mac_address": YEALINK_DESKPHONE, "multicell_role": "single"}, 422, "multicell_role"),
        ({"mac_address": YEALINK_DESKPHONE, "location": "e911-1"}, 400, "location"),
        ({"mac_address": YEALINK_DESKPHONE, "type": "phone"}, 400, "type"),
        ({"mac_address": YEALINK_DESKPHONE, "overrides": {"a": "x" * 17_000}}, 422, "overrides"),
        ({"mac_address": YEALINK_DESKPHONE, "colour": "red"}, 400, "colour"),
        ({"type": "dect_handset", "ipei": "0328D3C918", "base": "dectb_nope"}, 422, "base"),
    ],
)
def test_bad_device_input_names_the_field(
    office: Office, body: dict[str, object], status: int, field: str
) -> None:
    answer = office.post("/v1/devices", body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field


_HEX = "0123456789abcdefABCDEF"
_WELL_FORMED = re.compile(
    r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{12}"
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    mac=st.one_of(
        st.text(alphabet=_HEX + ":-. g", max_size=20),
        st.text(max_size=20),
        st.lists(st.text(alphabet=_HEX, min_size=1, max_size=3), min_size=5, max_size=7).map(
            ":".join
        ),
    ).filter(lambda text: _WELL_FORMED.fullmatch(text) is None)
)
def test_a_mac_address_of_the_wrong_shape_is_400(office: Office, mac: str) -> None:
    answer = office.post("/v1/devices", {"mac_address": mac, "type": "deskphone"})

    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "validation_error"
    assert answer.json()["details"]["field"] == "mac_address"


def test_a_mac_or_ipei_is_registered_once_per_account(office: Office) -> None:
    office.device(mac_address=YEALINK_DESKPHONE)
    office.device(type="dect_handset", ipei="0328D3C918")

    again = office.post("/v1/devices", {"mac_address": YEALINK_DESKPHONE.replace(":", "")})
    handset = office.post("/v1/devices", {"type": "dect_handset", "ipei": "0328d3c918"})

    assert [again.status_code, handset.status_code] == [409, 409]
    assert again.json()["code"] == handset.json()["code"] == "device_exists"
    assert (again.json()["details"]["field"], handset.json()["details"]["field"]) == (
        "mac_address",
        "ipei",
    )


def test_handsets_pair_into_free_slots_until_the_base_is_full(office: Office) -> None:
    base = office.device(mac_address="7C:2F:80:00:00:01", type="dect_base")  # a Gigaset N870
    grandstream = office.device(mac_address=GRANDSTREAM, type="dect_base")  # a DP752: 5 handsets
    paired = [
        office.device(type="dect_handset", ipei=f"00000000{index:02d}", base=grandstream)
        for index in range(5)
    ]
    full = office.post(
        "/v1/devices", {"type": "dect_handset", "ipei": "0000000099", "base": grandstream}
    )
    stocked = office.device(type="dect_handset", ipei="0000000098")
    moved = office.post(f"/v1/devices/{paired[1]}", {"base": base})
    refilled = office.post(f"/v1/devices/{stocked}", {"base": grandstream})
    unpaired = office.post(f"/v1/devices/{paired[2]}", {"base": None})

    assert full.status_code == 409 and full.json()["code"] == "base_full"
    assert moved.json()["base"] == base and moved.json()["slot_number"] == 1
    assert moved.json()["vendor"] == "grandstream"  # from the base it first paired with
    assert refilled.json()["slot_number"] == 2  # the slot paired[1] left
    assert refilled.json()["status"] == "pending-sync"
    assert unpaired.json()["status"] == "unpaired" and unpaired.json()["base"] is None
    listed = office.read(grandstream)["handsets"]
    assert [handset["slot_number"] for handset in listed] == [1, 2, 4, 5]
    assert office.read(grandstream)["max_handsets"] == 5
    assert office.read(paired[0])["location"] is None


def test_deleting_a_base_leaves_its_handsets_unpaired(office: Office) -> None:
    base = office.device(mac_address=YEALINK_BASE)
    handset = office.device(type="dect_handset", ipei="0328D3C918", base=base)

    deleted = office.delete(f"/v1/devices/{base}")

    assert deleted.status_code == 204
    assert office.get(f"/v1/devices/{base}").status_code == 404
    after = office.read(handset)
    assert (after["base"], after["slot_number"], after["status"]) == (None, None, "unpaired")


def test_update_is_tri_state_and_checks_each_field_against_the_kind(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE, name="Front desk", location="loc_hq")
    handset = office.device(type="dect_handset", ipei="0328D3C918")

    kept = office.made(f"/v1/devices/{phone}", {"model": "T54W"})
    cleared = office.made(f"/v1/devices/{phone}", {"name": None, "location": None})
    refused = [
        office.post(f"/v1/devices/{handset}", {"location": "loc_hq"}),
        office.post(f"/v1/devices/{handset}", {"status": "provisioned"}),
        office.post(f"/v1/devices/{phone}", {"ipei": "0328D3C918"}),
        office.post(f"/v1/devices/{phone}", {"base": None}),
        office.post(f"/v1/devices/{phone}", {"button_template": "btpl_nope"}),
    ]

    assert (kept["name"], kept["location"], kept["model"]) == ("Front desk", "loc_hq", "T54W")
    assert (cleared["name"], cleared["location"]) == (None, None)
    assert [answer.status_code for answer in refused] == [422] * 5
    assert [answer.json()["details"]["field"] for answer in refused] == [
        "location",
        "status",
        "ipei",
        "base",
        "button_template",
    ]


def test_list_filters_by_type_and_location_and_expands_users(office: Office) -> None:
    user = office.user()
    phone = office.device(mac_address=YEALINK_DESKPHONE, location="loc_hq")
    base = office.device(mac_address=YEALINK_BASE, location="loc_hq")
    office.device(type="dect_handset", ipei="0328D3C918", base=base)
    office.made(f"/v1/devices/{phone}/users", {"user": user})

    bases = office.get("/v1/devices", type="dect_base").json()
    at_hq = office.get("/v1/devices", location="loc_hq", **{"expand[]": "users"}).json()
    first = office.get("/v1/devices", limit=2).json()
    rest = office.http.get(first["next_page_url"], headers=office.headers).json()

    assert [device["id"] for device in bases["data"]] == [base]
    assert [device["id"] for device in at_hq["data"]] == [base, phone]
    assert at_hq["data"][1]["assignments"][0]["user"] == user
    assert "assignments" not in bases["data"][0]
    assert len(first["data"]) + len(rest["data"]) == 3
    assert rest["next_page_url"] is None


def test_another_accounts_device_is_404(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)
    elsewhere = {"DialStack-Account": office.made("/v1/accounts")["id"]}

    answers = [
        office.http.get(f"/v1/devices/{phone}", headers=elsewhere),
        office.http.post(f"/v1/devices/{phone}", json={"name": "x"}, headers=elsewhere),
        office.http.delete(f"/v1/devices/{phone}", headers=elsewhere),
        office.http.get(f"/v1/devices/{phone}/buttons", headers=elsewhere),
        office.http.post(f"/v1/devices/{phone}/status/check-sync", json={}, headers=elsewhere),
    ]

    assert [answer.status_code for answer in answers] == [404] * 5
    assert office.http.get("/v1/devices", headers=elsewhere).json()["data"] == []
    assert office.read(phone)["id"] == phone


def test_assigning_users_provisions_lines_by_key(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)
    ada, grace = office.user("Ada"), office.user("Grace")

    first = office.post(f"/v1/devices/{phone}/users", {"user": ada})
    second = office.made(f"/v1/devices/{phone}/users", {"user": grace})
    listed = office.get(f"/v1/devices/{phone}/users").json()
    device = office.read(phone)

    assert first.status_code == 201
    assert first.json()["line_number"] == 1 and second["line_number"] == 2
    assert [line["line_number"] for line in device["lines"]] == [1, 2]
    assert device["primary_line"] == device["lines"][0]["id"]
    assert [entry["user"] for entry in listed["data"]] == [ada, grace]
    assert listed["next_page_url"] is None and listed["previous_page_url"] is None

    removed = office.delete(f"/v1/devices/{phone}/users/{ada}")
    again = office.delete(f"/v1/devices/{phone}/users/{ada}")
    third = office.made(f"/v1/devices/{phone}/users", {"user": office.user("Hedy")})

    assert [removed.status_code, again.status_code] == [204, 204]
    assert third["line_number"] == 1  # the key Ada freed
    assert office.delete(f"/v1/devices/{phone}/users/user_nope").status_code == 404


def test_the_six_conflicts_of_the_one_device_per_user_rule(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)
    other_phone = office.device(mac_address="80:5E:0C:00:00:02")
    snom = office.device(mac_address="00:04:13:00:00:01")  # a D785: 12 lines
    base = office.device(mac_address=YEALINK_BASE)
    small_base = office.device(mac_address=GRANDSTREAM, type="dect_base")
    handsets = [
        office.device(type="dect_handset", ipei=f"AA000000{index:02d}", base=base)
        for index in range(2)
    ]
    ada, grace = office.user("Ada"), office.user("Grace")
    office.made(f"/v1/devices/{phone}/users", {"user": ada})
    office.made(f"/v1/devices/{handsets[0]}/users", {"user": grace})
    for index in range(12):
        office.made(f"/v1/devices/{snom}/users", {"user": office.user(f"Clerk {index}")})
    for index in range(5):
        office.device(type="dect_handset", ipei=f"BB000000{index:02d}", base=small_base)

    answers = {
        "user_already_assigned": office.post(f"/v1/devices/{phone}/users", {"user": ada}),
        "user_already_has_device": office.post(f"/v1/devices/{other_phone}/users", {"user": ada}),
        "user_already_has_endpoint": office.post(
            f"/v1/devices/{handsets[1]}/users", {"user": grace}
        ),
        "handset_already_assigned": office.post(
            f"/v1/devices/{handsets[0]}/users", {"user": office.user()}
        ),
        "device_full": office.post(f"/v1/devices/{snom}/users", {"user": office.user()}),
        "base_full": office.post(f"/v1/devices/{handsets[1]}", {"base": small_base}),
    }

    assert {code: answer.status_code for code, answer in answers.items()} == dict.fromkeys(
        answers, 409
    )
    assert {code: answer.json()["code"] for code, answer in answers.items()} == {
        code: code for code in answers
    }
    assert answers["user_already_has_device"].json()["details"]["existing_device"] == phone
    assert answers["user_already_has_endpoint"].json()["details"]["existing_device"] == handsets[0]
    base_users = office.post(f"/v1/devices/{base}/users", {"user": office.user()})
    assert base_users.status_code == 409 and base_users.json()["code"] == "device_full"


def test_deleting_a_user_frees_its_device(office: Office) -> None:
    phone, other = (
        office.device(mac_address=YEALINK_DESKPHONE),
        office.device(mac_address="80:5E:0C:00:00:02"),
    )
    ada = office.user()
    office.made(f"/v1/devices/{phone}/users", {"user": ada})

    office.delete(f"/v1/users/{ada}")
    again = office.user()

    assert office.get(f"/v1/devices/{phone}/users").json()["data"] == []
    assert office.post(f"/v1/devices/{other}/users", {"user": again}).status_code == 201


def test_an_unknown_user_is_refused_naming_the_field(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)

    answer = office.post(f"/v1/devices/{phone}/users", {"user": "user_nope"})

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "user"


def test_check_sync_provisions_the_phone_and_registers_its_lines(office: Office) -> None:
    office.clock(mode="stepped")
    phone = office.device(mac_address=YEALINK_DESKPHONE)

    unassigned = office.made(f"/v1/devices/{phone}/status/check-sync")
    alone = office.read(phone)
    office.made(f"/v1/devices/{phone}/users", {"user": office.user()})
    waiting = office.read(phone)
    synced = office.made(f"/v1/devices/{phone}/status/check-sync", {"reboot": True})
    rebooting = office.read(phone)
    during = office.made(f"/v1/devices/{phone}/status/check-sync")
    office.clock(advance_seconds=61)
    back = office.read(phone)

    assert unassigned == {
        "success": True,
        "lines_notified": 0,
        "lines": [{"line_number": 0, "status": "delivered", "management": True}],
    }
    assert (alone["status"], alone["registration_status"]) == ("provisioned", "not_registered")
    assert alone["last_provisioned_at"] is not None and alone["current_ip_address"]
    assert (waiting["status"], waiting["registration_status"]) == ("pending-sync", "not_registered")
    assert synced == {
        "success": True,
        "lines_notified": 1,
        "lines": [{"line_number": 1, "status": "delivered"}],
    }
    assert rebooting["registration_status"] == "not_registered"
    assert during["success"] is False and during["lines"][0]["status"] == "unreachable"
    assert (back["status"], back["registration_status"]) == ("provisioned", "registered")
    assert back["last_registered_at"] == rebooting["last_provisioned_at"]


def test_an_unpaired_handset_cannot_be_reached(office: Office) -> None:
    handset = office.device(type="dect_handset", ipei="0328D3C918")
    base = office.device(mac_address=YEALINK_BASE)

    stocked = office.made(f"/v1/devices/{handset}/status/check-sync")
    office.made(f"/v1/devices/{handset}", {"base": base, "name": "Kitchen"})
    office.made(f"/v1/devices/{handset}/users", {"user": office.user("Ada")})
    paired = office.made(f"/v1/devices/{handset}/status/check-sync")
    device = office.read(handset)

    assert stocked["success"] is False
    assert stocked["lines"] == [{"line_number": 0, "status": "unreachable", "management": True}]
    assert paired["success"] is True and paired["lines_notified"] == 1
    assert (device["status"], device["registration_status"]) == ("provisioned", "registered")
    assert device["display_name"] == "Kitchen" and device["vendor"] == "yealink"
    (line,) = device["extensions"]
    assert line["endpoint"]["name"] == "Ada" and line["endpoint"]["status"] == "online"


def test_an_empty_body_with_a_json_type_is_accepted_on_check_sync(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)

    answer = office.http.post(
        f"/v1/devices/{phone}/status/check-sync",
        content=b"",
        headers={**office.headers, "Content-Type": "application/json"},
    )

    assert answer.status_code == 200, answer.text


def test_the_account_header_is_required(api: httpx2.Client) -> None:
    answer = api.get("/v1/devices")

    assert answer.status_code == 400
    assert answer.json()["code"] == "missing_account_header"
