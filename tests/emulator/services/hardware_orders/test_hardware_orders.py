"""Hardware orders over a real socket: one item per unit, the review steps up to fulfilment
(devices made with each unit's user and location), the dotted ``items.device`` expand, the
draft-only update, unit intents and the refusals of bad input."""

from typing import Any

import httpx2
import pytest

from .conftest import Shop


def _user(shop: Shop) -> str:
    answer = shop.post("/v1/users", {"name": "Ada"})
    assert answer.status_code == 201
    return str(answer.json()["id"])


def test_each_unit_ordered_is_an_item_of_its_own(shop: Shop) -> None:
    order = shop.order(T54W=2, W70B=1, W56H=3)

    assert order["status"] == "submitted"
    assert order["id"].startswith("hwo_")
    assert order["rejection_reason"] is None
    models = [item["hardware_catalog"]["model"] for item in order["items"]]
    assert models == ["T54W", "T54W", "W70B", "W56H", "W56H", "W56H"]
    assert len({item["id"] for item in order["items"]}) == 6
    assert all(item["id"].startswith("hwoi_") for item in order["items"])
    assert all(item["device"] is None and item["fulfilled_at"] is None for item in order["items"])
    assert shop.get(f"/v1/hardware-orders/{order['id']}").json() == order


def test_handsets_pair_with_the_only_base_of_their_order(shop: Shop) -> None:
    one_base = shop.order(W70B=1, W56H=2)
    two_bases = shop.order(W70B=2, W56H=1)

    base = one_base["items"][0]["id"]
    assert [item["base_item"] for item in one_base["items"]] == [None, base, base]
    assert [item["base_item"] for item in two_bases["items"]] == [None, None, None]


def test_fulfilment_makes_each_unit_a_device_with_its_user_and_location(shop: Shop) -> None:
    user = _user(shop)
    order = shop.order(T54W=1, PSU_5V_2A=1)
    phone, power = order["items"]
    assert (
        shop.post(
            f"/v1/hardware-orders/{order['id']}/items/{phone['id']}",
            {"user": user, "location": "loc_front_desk"},
        ).status_code
        == 200
    )

    assert shop.review(order["id"], "approved").status_code == 200
    fulfilled = shop.review(order["id"], "fulfilled").json()

    assert fulfilled["status"] == "fulfilled"
    phone, power = fulfilled["items"]
    assert isinstance(phone["device"], str) and phone["fulfilled_at"] is not None
    assert power["device"] is None and power["fulfilled_at"] is not None  # an accessory
    expanded = shop.get(f"/v1/hardware-orders/{order['id']}", **{"expand[]": "items.device"})
    device = expanded.json()["items"][0]["device"]
    assert device["id"] == phone["device"]
    assert device["location"] == "loc_front_desk"
    assert [line["line_number"] for line in device["lines"]] == [1]  # the user's line
    assert device["mac_address"].startswith("80:5E:C0")  # Yealink's prefix
    plain = shop.get(f"/v1/hardware-orders/{order['id']}").json()
    assert plain["items"][0]["device"] == phone["device"]
    listed = shop.get("/v1/hardware-orders", **{"expand[]": "items.device"}).json()
    assert listed["data"][0]["items"][0]["device"]["id"] == phone["device"]


@pytest.mark.parametrize(
    ("path", "outcome"),
    [
        (["rejected"], "rejected"),
        (["cancelled"], "cancelled"),
        (["approved", "cancelled"], "cancelled"),
    ],
)
def test_review_ends_an_order_without_devices(shop: Shop, path: list[str], outcome: str) -> None:
    order = shop.order(T54W=1)
    for step in path:
        answer = shop.review(order["id"], step, rejection_reason="Out of stock")
        assert answer.status_code == 200, answer.text

    ended = shop.get(f"/v1/hardware-orders/{order['id']}").json()
    assert ended["status"] == outcome
    assert ended["rejection_reason"] == ("Out of stock" if outcome == "rejected" else None)
    assert ended["items"][0]["device"] is None


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], "fulfilled"),
        (["rejected"], "approved"),
        (["approved", "fulfilled"], "cancelled"),
        (["cancelled"], "fulfilled"),
    ],
)
def test_review_refuses_a_step_the_order_cannot_take(
    shop: Shop, path: list[str], refused: str
) -> None:
    order = shop.order(T54W=1)
    for step in path:
        assert shop.review(order["id"], step).status_code == 200

    answer = shop.review(order["id"], refused)

    assert answer.status_code == 409
    assert answer.json()["code"] == "invalid_transition"


def test_update_is_refused_once_an_order_is_submitted(shop: Shop) -> None:
    order = shop.order(T54W=1)
    lines = {"items": [{"hardware_catalog": shop.item_id("W70B"), "quantity": 1}]}

    answer = shop.post(f"/v1/hardware-orders/{order['id']}", lines)

    assert answer.status_code == 409
    assert answer.json()["code"] == "order_not_draft"
    assert shop.get(f"/v1/hardware-orders/{order['id']}").json() == order


def test_a_unit_intent_is_set_changed_and_cleared_field_by_field(shop: Shop) -> None:
    user = _user(shop)
    order = shop.order(W70B=2, W56H=1)
    base, other_base, handset = (item["id"] for item in order["items"])
    path = f"/v1/hardware-orders/{order['id']}/items/{handset}"

    first = shop.post(path, {"user": user, "base_item": base}).json()
    second = shop.post(path, {"base_item": other_base, "location": "loc_1"}).json()
    cleared = shop.post(path, {"user": None}).json()

    assert (first["user"], first["base_item"], first["location"]) == (user, base, None)
    assert (second["user"], second["base_item"], second["location"]) == (user, other_base, "loc_1")
    assert (cleared["user"], cleared["base_item"]) == (None, other_base)
    stored = shop.get(f"/v1/hardware-orders/{order['id']}").json()["items"][2]
    assert stored == cleared


def test_the_location_filter_finds_the_orders_with_a_unit_staged_there(shop: Shop) -> None:
    staged = shop.order(T54W=2)
    shop.order(T54W=1)
    unit = staged["items"][1]["id"]
    shop.post(f"/v1/hardware-orders/{staged['id']}/items/{unit}", {"location": "loc_7"})

    found = shop.get("/v1/hardware-orders", location="loc_7").json()
    everything = shop.get("/v1/hardware-orders").json()
    moved = shop.post(f"/v1/hardware-orders/{staged['id']}/items/{unit}", {"location": None})
    after_moving = shop.get("/v1/hardware-orders", location="loc_7").json()

    assert [order["id"] for order in found["data"]] == [staged["id"]]
    assert len(everything["data"]) == 2 and everything["data"][1]["id"] == staged["id"]
    assert "next_page_url" not in everything and everything["object"] == "list"
    assert moved.status_code == 200
    assert after_moving["data"] == []


def test_a_closed_order_keeps_its_units_as_they_were(shop: Shop) -> None:
    order = shop.order(T54W=1)
    shop.review(order["id"], "cancelled")

    answer = shop.post(
        f"/v1/hardware-orders/{order['id']}/items/{order['items'][0]['id']}", {"location": "x"}
    )

    assert answer.status_code == 409
    assert answer.json()["code"] == "order_closed"


def _lines(catalog: str, quantity: object) -> dict[str, Any]:
    return {"items": [{"hardware_catalog": catalog, "quantity": quantity}]}


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"items": []}, 400, "items"),
        ({}, 400, "items"),
        (_lines("T54W", 0), 400, "items.0.quantity"),
        (_lines("T54W", 101), 400, "items.0.quantity"),
        (_lines("T54W", -1), 400, "items.0.quantity"),
        (_lines("T54W", "2"), 400, "items.0.quantity"),
        (_lines("T54W", 1.5), 400, "items.0.quantity"),
        ({"items": [{"hardware_catalog": "T54W", "quantity": 60}] * 2}, 422, "items"),
        ({"items": [{"quantity": 1}]}, 400, "items.0.hardware_catalog"),
        (_lines("hwc_nothing", 1), 422, "items.0.hardware_catalog"),
        (_lines("T46S", 1), 422, "items.0.hardware_catalog"),
        ({"items": [{"hardware_catalog": "T54W", "quantity": 1, "color": "red"}]}, 400, None),
    ],
    ids=[
        "no lines",
        "no items",
        "0 units",
        "101 units",
        "negative",
        "text quantity",
        "fraction",
        "120 units over two lines",
        "no catalog item",
        "unknown catalog item",
        "discontinued item",
        "unknown key",
    ],
)
def test_a_bad_order_is_refused_naming_the_field(
    shop: Shop, body: dict[str, Any], status: int, field: str | None
) -> None:
    for line in body.get("items", []):
        if line.get("hardware_catalog") in shop.catalog:
            line["hardware_catalog"] = shop.item_id(line["hardware_catalog"])

    answer = shop.post("/v1/hardware-orders", body)

    assert answer.status_code == status, answer.text
    error = answer.json()
    if field is None:
        assert error["code"] == "parameter_unknown"
    else:
        assert error["code"] == "validation_error"
        assert error["details"]["field"] == field
    assert shop.get("/v1/hardware-orders").json()["data"] == []


@pytest.mark.parametrize(
    ("unit", "body", "status", "field"),
    [
        (2, {}, 400, None),
        (2, {"user": "user_nobody"}, 422, "user"),
        (2, {"user": 5}, 400, "user"),
        (2, {"location": ""}, 400, "location"),
        (2, {"base_item": "hwoi_elsewhere"}, 422, "base_item"),
        (2, {"base_item": "handset"}, 422, "base_item"),
        (0, {"base_item": "base"}, 422, "base_item"),
    ],
    ids=[
        "nothing sent",
        "unknown user",
        "user not text",
        "empty location",
        "base of no order",
        "base that is a handset",
        "a base pairing with a base",
    ],
)
def test_a_bad_unit_intent_is_refused_naming_the_field(
    shop: Shop, unit: int, body: dict[str, Any], status: int, field: str | None
) -> None:
    order = shop.order(W70B=1, W56H=2)
    base, handset = order["items"][0]["id"], order["items"][2]["id"]
    named = {"base": base, "handset": handset}
    if "base_item" in body:
        body = {"base_item": named.get(body["base_item"], body["base_item"])}

    answer = shop.post(
        f"/v1/hardware-orders/{order['id']}/items/{order['items'][unit]['id']}", body
    )

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == "validation_error"
    if field is not None:
        assert answer.json()["details"]["field"] == field


def test_another_accounts_order_is_missing(shop: Shop, api: httpx2.Client) -> None:
    order = shop.order(T54W=1)
    other = api.post("/v1/accounts", json={"email": "other@example.com"}).json()["id"]
    elsewhere = {"DialStack-Account": other}
    item = order["items"][0]["id"]

    answers = [
        api.get(f"/v1/hardware-orders/{order['id']}", headers=elsewhere),
        api.post(
            f"/v1/hardware-orders/{order['id']}/items/{item}",
            json={"location": "x"},
            headers=elsewhere,
        ),
        api.post(
            f"/v1/hardware-orders/{order['id']}/items/hwoi_none",
            json={"location": "x"},
            headers=shop.headers,
        ),
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert api.get("/v1/hardware-orders", headers=elsewhere).json()["data"] == []
