"""``GET /v1/available-phone-numbers``: the emulated inventory, over a real socket."""

import re
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator.services.numbering import inventory

from .conftest import Numbering


def test_a_search_answers_numbers_of_the_area_code_with_their_rate_center(
    numbering: Numbering,
) -> None:
    found = numbering.available(area_code="415", quantity=5)

    assert len(found) == 5
    assert len({number["phone_number"] for number in found}) == 5
    for number in found:
        assert number["phone_number"].startswith("+1415")
        assert len(number["phone_number"]) == 12
        assert {k: v for k, v in number.items() if k != "phone_number"} == {
            "city": "San Francisco",
            "state": "CA",
            "rate_center": "SNFC CNTRL",
            "lata": "722",
        }


def test_the_same_search_answers_the_same_numbers(numbering: Numbering) -> None:
    first = numbering.available(area_code="312", quantity=10)

    assert numbering.available(area_code="312", quantity=10) == first
    assert numbering.available(area_code="312", quantity=3) == first[:3]


def test_ten_numbers_by_default(numbering: Numbering) -> None:
    assert len(numbering.available(area_code="206")) == 10


def test_a_zip_code_finds_the_numbers_of_its_area(numbering: Numbering) -> None:
    by_zip = numbering.available(zip="94107", quantity=4)

    assert by_zip == numbering.available(area_code="415", quantity=4)


@pytest.mark.parametrize("query", [{"area_code": "907"}, {"zip": "99501"}])
def test_a_place_the_inventory_does_not_serve_has_no_numbers(
    numbering: Numbering, query: dict[str, str]
) -> None:
    assert numbering.available(**query) == []


def test_numbers_on_an_order_or_held_are_no_longer_offered(numbering: Numbering) -> None:
    offered = [number["phone_number"] for number in numbering.available(area_code="617")]

    numbering.order(offered[0], offered[1])
    after_order = [number["phone_number"] for number in numbering.available(area_code="617")]
    numbering.emulator.advance_clock(60)  # the order completes: the account holds them
    after_completion = [n["phone_number"] for n in numbering.available(area_code="617")]

    assert after_order[:8] == offered[2:]
    assert after_completion == after_order
    assert offered[0] not in after_order
    assert set(numbering.numbers()) >= {offered[0], offered[1]}


def test_another_account_of_the_platform_is_not_offered_them_either(
    numbering: Numbering,
) -> None:
    offered = numbering.available(area_code="404", quantity=2)
    numbering.order(*(number["phone_number"] for number in offered))
    other = numbering.http.post("/v1/accounts", json={"email": "b@example.com"}).json()["id"]

    seen = numbering.http.get(
        "/v1/available-phone-numbers",
        params={"area_code": "404", "quantity": 2},
        headers={"DialStack-Account": other},
    ).json()["data"]

    assert not {n["phone_number"] for n in seen} & {n["phone_number"] for n in offered}


BAD_SEARCHES: list[tuple[dict[str, Any], str]] = [
    ({}, "area_code"),
    ({"area_code": "415", "zip": "94107"}, "area_code"),
    ({"area_code": "41"}, "area_code"),
    ({"area_code": "4155"}, "area_code"),
    ({"area_code": "015"}, "area_code"),
    ({"area_code": "1a5"}, "area_code"),
    ({"area_code": ""}, "area_code"),
    ({"zip": "9410"}, "zip"),
    ({"zip": "941077"}, "zip"),
    ({"zip": "9410x"}, "zip"),
    ({"area_code": "415", "quantity": "0"}, "quantity"),
    ({"area_code": "415", "quantity": "101"}, "quantity"),
    ({"area_code": "415", "quantity": "-3"}, "quantity"),
    ({"area_code": "415", "quantity": "ten"}, "quantity"),
    ({"area_code": "415", "quantity": "2.5"}, "quantity"),
]


@pytest.mark.parametrize(("query", "field"), BAD_SEARCHES)
def test_a_bad_search_is_a_400_naming_the_field(
    numbering: Numbering, query: dict[str, Any], field: str
) -> None:
    answer = numbering.get("/v1/available-phone-numbers", **query)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


def test_a_search_needs_the_account(api: httpx2.Client) -> None:
    answer = api.get("/v1/available-phone-numbers", params={"area_code": "415"})

    assert answer.status_code == 400
    assert answer.json()["code"] == "missing_account_header"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=6).filter(lambda text: not re.fullmatch(r"[2-9][0-9]{2}", text)))
def test_any_area_code_that_is_not_three_digits_is_a_400(numbering: Numbering, text: str) -> None:
    answer = numbering.get("/v1/available-phone-numbers", area_code=text)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == "area_code"


@given(area_code=st.sampled_from(sorted(inventory.RATE_CENTERS)), quantity=st.integers(1, 100))
def test_the_inventory_offers_distinct_dialable_numbers_of_the_area(
    area_code: str, quantity: int
) -> None:
    found = inventory.search(area_code, quantity, lambda _number: False)

    assert len(found) == len(set(found)) == quantity
    for number in found:
        assert re.fullmatch(rf"\+1{area_code}[2-9][0-9]{{2}}[0-9]{{4}}", number)
        assert number[5:8] != "555"
        assert number[6:8] != "11"
        assert not number.endswith(inventory.REFUSED_SUFFIX)
