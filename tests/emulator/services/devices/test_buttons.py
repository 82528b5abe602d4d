"""Button templates, their buttons and per-device overrides over HTTP: targets checked against
their types, positions, what a device shows (model default < template < override) and the
compatibility of each key."""

from typing import Any

import pytest

from .conftest import YEALINK_BASE, YEALINK_DESKPHONE, Office

SNOM = "00:04:13:00:00:01"
"""A Snom D785: 12 keys, a DND key of its own at 12."""
POLY = "00:04:F2:00:00:01"
"""A Poly VVX 450: 34 keys, no recording toggle."""


def _template(office: Office, *buttons: dict[str, Any]) -> str:
    template_id = str(office.made("/v1/button_templates", {"name": "Reception"})["id"])
    for button in buttons:
        office.made(f"/v1/button_templates/{template_id}/buttons", button)
    return template_id


def test_template_lifecycle(office: Office) -> None:
    created = office.post("/v1/button_templates", {"name": "Reception", "description": "Front"})
    template_id = created.json()["id"]
    renamed = office.made(f"/v1/button_templates/{template_id}", {"name": "Lobby"})
    cleared = office.made(f"/v1/button_templates/{template_id}", {"description": None})
    listed = office.get("/v1/button_templates").json()
    deleted = office.delete(f"/v1/button_templates/{template_id}")

    assert created.status_code == 201
    assert template_id.startswith("btpl_")
    assert (renamed["name"], renamed["description"]) == ("Lobby", "Front")
    assert (cleared["name"], cleared["description"]) == ("Lobby", None)
    assert [template["id"] for template in listed["data"]] == [template_id]
    assert deleted.status_code == 204
    assert office.get(f"/v1/button_templates/{template_id}").status_code == 404


def test_buttons_are_listed_by_position_and_moved_to_free_positions(office: Office) -> None:
    template_id = _template(
        office,
        {"position": 3, "label": "Park 1", "type": "park", "target": {"slot": 1}},
        {"position": 1, "label": "DND", "type": "dnd"},
        {"position": 2, "label": "Conf", "type": "conference", "target": {}},
    )
    path = f"/v1/button_templates/{template_id}/buttons"
    first = office.get(path, limit=2).json()
    rest = office.http.get(first["next_page_url"], headers=office.headers).json()
    dnd = first["data"][0]

    taken = office.post(path, {"position": 2, "label": "Again", "type": "dnd"})
    onto_taken = office.post(f"{path}/{dnd['id']}", {"position": 3})
    moved = office.made(f"{path}/{dnd['id']}", {"position": 7})
    retrieved = office.get(f"/v1/button_templates/{template_id}", **{"expand[]": "buttons"}).json()
    removed = office.delete(f"{path}/{dnd['id']}")

    assert [button["position"] for button in first["data"] + rest["data"]] == [1, 2, 3]
    assert dnd["target"] == {} and dnd["template"] == template_id
    assert [taken.status_code, onto_taken.status_code] == [409, 409]
    assert taken.json()["code"] == onto_taken.json()["code"] == "button_position_taken"
    assert moved["position"] == 7
    assert [button["position"] for button in retrieved["buttons"]] == [2, 3, 7]
    assert removed.status_code == 204
    assert office.delete(f"{path}/{dnd['id']}").status_code == 404


@pytest.mark.parametrize(
    ("button_type", "target", "field"),
    [
        ("blf_extension", {}, "target.user"),
        ("blf_extension", {"user": "user_nope"}, "target.user"),
        ("blf_extension", {"user": 7}, "target.user"),
        ("blf_park", {}, "target.slot"),
        ("blf_park", {"slot": 0}, "target.slot"),
        ("blf_park", {"slot": True}, "target.slot"),
        ("park", {"slot": "1"}, "target.slot"),
        (
            "blf_voicemail_shared",
            {"shared_voicemail_box": "svm_nope"},
            "target.shared_voicemail_box",
        ),
        ("blf_queue_agent", {"queue": "qu_nope", "user": "self"}, "target.queue"),
        ("blf_queue_depth", {}, "target.queue"),
        ("speed_dial", {"destination": "call mom"}, "target.destination"),
        ("speed_dial", {}, "target.destination"),
        ("dtmf", {"digits": "12#x"}, "target.digits"),
        ("voicemail", {"user": "self"}, "target.user"),
        ("url", {"url": "ftp://example.com"}, "target.url"),
        ("url", {"url": "https://" + "a" * 2050}, "target.url"),
        ("multicast", {"address": "10.0.0.1", "port": 5000}, "target.address"),
        ("multicast", {"address": "239.1.1.1", "port": 70000}, "target.port"),
        ("multicast", {"address": "239.1.1.1"}, "target.port"),
        ("transfer", {"mode": "warm"}, "target.mode"),
        ("transfer", {}, "target.mode"),
        ("line", {"line_index": 25}, "target.line_index"),
        ("intercom", {"user": "self"}, "target.user"),
        ("dnd", {"user": "self"}, "target.user"),
        ("conference", {"room": 1}, "target.room"),
    ],
)
def test_a_target_that_does_not_fit_its_type_names_the_field(
    office: Office, button_type: str, target: dict[str, Any], field: str
) -> None:
    template_id = _template(office)
    phone = office.device(mac_address=YEALINK_DESKPHONE)
    body = {"position": 1, "label": "Key", "type": button_type, "target": target}

    on_template = office.post(f"/v1/button_templates/{template_id}/buttons", body)
    on_device = office.post(f"/v1/devices/{phone}/button_overrides", body)

    for answer in (on_template, on_device):
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "validation_error"
        assert answer.json()["details"]["field"] == field


def test_targets_naming_real_things_are_kept(office: Office) -> None:
    user = office.user()
    template_id = _template(office)
    path = f"/v1/button_templates/{template_id}/buttons"
    bodies = [
        {"type": "blf_extension", "target": {"user": user}},
        {"type": "intercom", "target": {"user": user}},
        {"type": "voicemail", "target": {"user": user}},
        {"type": "multicast", "target": {"address": "239.1.1.1", "port": 5000}},
        {"type": "speed_dial", "target": {"destination": "+15551230000"}},
        {"type": "url", "target": {"url": "https://status.example.com/board"}},
    ]

    made = [
        office.made(path, {"position": index, "label": "Key", **body})
        for index, body in enumerate(bodies, start=1)
    ]

    assert [button["target"] for button in made] == [body["target"] for body in bodies]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"position": 1}, "type"),
        ({"position": 1, "type": "dnd"}, "label"),
        ({"position": 1, "suppressed": True, "label": "x"}, "label"),
        ({"position": 1, "suppressed": True, "type": "dnd"}, "type"),
        ({"position": 1, "suppressed": True, "target": {}}, "target"),
    ],
)
def test_an_override_is_either_a_suppression_or_a_whole_button(
    office: Office, body: dict[str, Any], field: str
) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)

    answer = office.post(f"/v1/devices/{phone}/button_overrides", body)

    assert answer.status_code == 422, answer.text
    assert answer.json()["details"]["field"] == field


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"position": 0, "label": "x", "type": "dnd"}, "position"),
        ({"position": 101, "label": "x", "type": "dnd"}, "position"),
        ({"position": 1, "label": "", "type": "dnd"}, "label"),
        ({"position": 1, "label": "x" * 33, "type": "dnd"}, "label"),
        ({"position": 1, "label": "x", "type": "hotdesk"}, "type"),
        ({"position": 1, "label": "x", "type": "dnd", "target": []}, "target"),
        ({"label": "x", "type": "dnd"}, "position"),
    ],
)
def test_a_malformed_button_is_400(office: Office, body: dict[str, Any], field: str) -> None:
    template_id = _template(office)

    answer = office.post(f"/v1/button_templates/{template_id}/buttons", body)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


def test_a_device_shows_model_defaults_then_its_template_then_its_overrides(
    office: Office,
) -> None:
    phone = office.device(mac_address=SNOM)
    office.made(f"/v1/devices/{phone}/users", {"user": office.user()})
    template_id = _template(
        office,
        {"position": 1, "label": "Me", "type": "blf_extension", "target": {"user": "self"}},
        {"position": 2, "label": "Park", "type": "blf_park", "target": {"slot": 2}},
        {"position": 3, "label": "Conf", "type": "conference"},
    )
    office.made(f"/v1/devices/{phone}", {"button_template": template_id})
    replaced = office.made(
        f"/v1/devices/{phone}/button_overrides",
        {"position": 2, "label": "Lobby", "type": "speed_dial", "target": {"destination": "100"}},
    )
    hidden = office.made(
        f"/v1/devices/{phone}/button_overrides", {"position": 3, "suppressed": True}
    )
    added = office.made(
        f"/v1/devices/{phone}/button_overrides",
        {"position": 5, "label": "Tones", "type": "dtmf", "target": {"digits": "*72"}},
    )
    twice = office.post(
        f"/v1/devices/{phone}/button_overrides", {"position": 5, "suppressed": True}
    )

    shown = office.get(f"/v1/devices/{phone}/buttons").json()

    assert [(key["position"], key["source"]) for key in shown["data"]] == [
        (1, "template"),
        (2, "template_overridden"),
        (5, "override"),
        (12, "model_default"),
    ]
    assert shown["data"][1]["override"] == replaced["id"]
    assert shown["data"][1]["template_button"] is not None
    assert shown["data"][1]["label"] == "Lobby"
    assert shown["data"][3] == {
        "position": 12,
        "label": "DND",
        "type": "dnd",
        "target": {},
        "source": "model_default",
        "template_button": None,
        "override": None,
        "compatibility": {"supported": True},
    }
    assert hidden["suppressed"] is True and hidden["type"] is None and "target" not in hidden
    assert twice.status_code == 409 and twice.json()["code"] == "button_override_exists"
    assert shown["next_page_url"] is None

    office.delete(f"/v1/devices/{phone}/button_overrides/{hidden['id']}")
    office.made(f"/v1/devices/{phone}/button_overrides", {"position": 12, "suppressed": True})
    after = office.get(f"/v1/devices/{phone}/buttons").json()
    overrides = office.get(f"/v1/devices/{phone}/button_overrides").json()

    assert [(key["position"], key["source"]) for key in after["data"]] == [
        (1, "template"),
        (2, "template_overridden"),
        (3, "template"),
        (5, "override"),
    ]
    assert [override["position"] for override in overrides["data"]] == [2, 5, 12]
    assert added["id"] in {override["id"] for override in overrides["data"]}


def test_each_unsupported_key_says_why(office: Office) -> None:
    phone = office.device(mac_address=SNOM)  # no user yet
    template_id = _template(
        office,
        {"position": 1, "label": "Me", "type": "blf_extension", "target": {"user": "self"}},
        {"position": 2, "label": "Park 20", "type": "blf_park", "target": {"slot": 20}},
        {"position": 3, "label": "Mail", "type": "voicemail"},
        {"position": 13, "label": "Far", "type": "dnd"},
        {"position": 4, "label": "Park 2", "type": "park", "target": {"slot": 2}},
    )
    office.made(f"/v1/devices/{phone}", {"button_template": template_id})
    office.made(
        f"/v1/devices/{phone}/button_overrides",
        {"position": 6, "label": "Record", "type": "record_toggle"},
    )

    device = office.read(phone)
    judged = office.get(f"/v1/button_templates/{template_id}", for_device=phone).json()[
        "compatibility"
    ]

    reasons = {
        entry["position"]: entry["reason"] for entry in device["compatibility"]["unsupported"]
    }
    assert reasons == {
        1: "device_has_no_owning_user",
        2: "park_slot_not_provisioned",
        3: "device_has_no_owning_user",
        13: "position_out_of_range_for_model",
    }
    assert device["compatibility"]["device"] == {
        "vendor": "snom",
        "model": "D785",
        "kind": "deskphone",
        "max_position": 12,
    }
    assert device["compatibility"]["supported_count"] == 3  # park 2, record, the DND default
    assert all("template_button" in entry for entry in device["compatibility"]["unsupported"])
    assert judged["supported_count"] == 1  # the template's own keys, no overrides or defaults
    assert {entry["position"] for entry in judged["unsupported"]} == {1, 2, 3, 13}


def test_a_vendor_without_a_key_type_says_so(office: Office) -> None:
    poly = office.device(mac_address=POLY)
    office.made(
        f"/v1/devices/{poly}/button_overrides",
        {"position": 1, "label": "Record", "type": "record_toggle"},
    )

    (key,) = office.get(f"/v1/devices/{poly}/buttons").json()["data"]
    unsupported = office.read(poly)["compatibility"]["unsupported"]

    assert key["compatibility"] == {"supported": False, "reason": "vendor_does_not_support_type"}
    assert unsupported == [
        {
            "position": 1,
            "type": "record_toggle",
            "reason": "vendor_does_not_support_type",
            "override": key["override"],
        }
    ]


def test_compatible_templates_are_those_whose_every_button_fits(office: Office) -> None:
    snom = office.device(mac_address=SNOM)
    poly = office.device(mac_address=POLY)
    base = office.device(mac_address=YEALINK_BASE)
    small = _template(office, {"position": 12, "label": "Conf", "type": "conference"})
    wide = _template(office, {"position": 20, "label": "Conf", "type": "conference"})
    recording = _template(office, {"position": 1, "label": "Record", "type": "record_toggle"})
    empty = _template(office)

    def compatible(device_id: str) -> list[str]:
        path = f"/v1/devices/{device_id}/compatible_button_templates"
        return [template["id"] for template in office.get(path).json()["data"]]

    assert compatible(snom) == [empty, recording, small]
    assert compatible(poly) == [empty, wide, small]
    assert compatible(base) == [empty]  # a base has no keys


def test_a_bound_template_cannot_be_deleted(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)
    template_id = _template(office)
    office.made(f"/v1/devices/{phone}", {"button_template": template_id})

    refused = office.delete(f"/v1/button_templates/{template_id}")
    office.made(f"/v1/devices/{phone}", {"button_template": None})
    deleted = office.delete(f"/v1/button_templates/{template_id}")

    assert refused.status_code == 409
    assert refused.json()["code"] == "button_template_in_use"
    assert refused.json()["details"]["device"] == phone
    assert deleted.status_code == 204


def test_an_unknown_device_to_judge_against_names_the_parameter(office: Office) -> None:
    template_id = _template(office)

    answer = office.get(f"/v1/button_templates/{template_id}", for_device="dev_nope")

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "for_device"


def test_another_accounts_template_is_404(office: Office) -> None:
    template_id = _template(office, {"position": 1, "label": "DND", "type": "dnd"})
    elsewhere = {"DialStack-Account": office.made("/v1/accounts")["id"]}
    path = f"/v1/button_templates/{template_id}"

    answers = [
        office.http.get(path, headers=elsewhere),
        office.http.get(f"{path}/buttons", headers=elsewhere),
        office.http.post(
            f"{path}/buttons", json={"position": 2, "label": "x", "type": "dnd"}, headers=elsewhere
        ),
        office.http.delete(path, headers=elsewhere),
    ]

    assert [answer.status_code for answer in answers] == [404] * 4
    assert office.http.get("/v1/button_templates", headers=elsewhere).json()["data"] == []


def test_a_configuration_change_waits_for_the_next_sync(office: Office) -> None:
    phone = office.device(mac_address=YEALINK_DESKPHONE)
    office.made(f"/v1/devices/{phone}/status/check-sync")
    untouched = office.made(f"/v1/devices/{phone}", {})
    synced = office.read(phone)["status"]

    office.made(f"/v1/devices/{phone}/button_overrides", {"position": 1, "suppressed": True})

    assert untouched["status"] == synced == "provisioned"
    assert office.read(phone)["status"] == "pending-sync"
