"""Phone-number orders over a real socket: ``pending`` on the tenant's stepped clock, then
``complete``, ``partial`` or ``failed``, each number given an ``active`` number of the
account; the numbers ending in 0000 are the ones the carrier refuses."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .conftest import Numbering

REFUSED = "+13125550000"


def offered(numbering: Numbering, count: int, area_code: str = "312") -> list[str]:
    return [n["phone_number"] for n in numbering.available(area_code=area_code, quantity=count)]


def test_an_order_is_pending_until_its_time_then_complete(numbering: Numbering) -> None:
    numbers = offered(numbering, 2)
    created = numbering.order(*numbers)

    assert created["status"] == "pending"
    assert created["order_type"] == "purchase"
    assert created["phone_numbers"] == numbers
    assert created["completed_numbers"] == created["failed_numbers"] == []
    assert created["error_message"] is None
    assert created["id"].startswith("ord_")

    numbering.emulator.advance_clock(4)
    still = numbering.get(f"/v1/phone-number-orders/{created['id']}").json()
    assert still["status"] == "pending"
    assert not set(numbers) & set(numbering.numbers())

    numbering.emulator.advance_clock(1)
    done = numbering.get(f"/v1/phone-number-orders/{created['id']}").json()
    assert done["status"] == "complete"
    assert done["completed_numbers"] == numbers
    assert done["failed_numbers"] == []
    assert done["updated_at"] > created["updated_at"]
    held = numbering.numbers()
    for number in numbers:
        assert held[number]["status"] == "active"
        assert held[number]["number_class"] == "account_owned"
        assert held[number]["routing_target"] is None


def test_the_clock_moving_completes_an_order_nobody_reads(numbering: Numbering) -> None:
    numbers = offered(numbering, 1)
    numbering.order(*numbers)

    numbering.emulator.advance_clock(30)

    assert numbers[0] in numbering.numbers()


def test_a_refused_number_makes_the_order_partial(numbering: Numbering) -> None:
    numbers = offered(numbering, 1)
    order = numbering.order(numbers[0], REFUSED)
    numbering.emulator.advance_clock(5)

    done = numbering.get(f"/v1/phone-number-orders/{order['id']}").json()

    assert done["status"] == "partial"
    assert done["completed_numbers"] == numbers
    assert done["failed_numbers"] == [REFUSED]
    assert "1 of the 2" in done["error_message"]
    assert REFUSED not in numbering.numbers()


def test_an_order_of_refused_numbers_only_fails_and_frees_them(numbering: Numbering) -> None:
    order = numbering.order(REFUSED)
    numbering.emulator.advance_clock(5)

    done = numbering.get(f"/v1/phone-number-orders/{order['id']}").json()

    assert done["status"] == "failed"
    assert done["completed_numbers"] == []
    assert done["failed_numbers"] == [REFUSED]
    assert done["error_message"]
    assert (
        numbering.post("/v1/phone-number-orders", {"phone_numbers": [REFUSED]}).status_code == 201
    )


def test_a_number_the_account_has_or_has_asked_for_is_a_409(numbering: Numbering) -> None:
    held, pending = offered(numbering, 2)
    numbering.order(held)
    numbering.emulator.advance_clock(5)
    numbering.order(pending)

    answer = numbering.post("/v1/phone-number-orders", {"phone_numbers": [held, pending]})

    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "phone_numbers_already_claimed"
    assert answer.json()["details"]["already_on_account"] == sorted([held, pending])
    assert answer.json()["details"]["in_service_elsewhere"] == []


def test_a_number_another_account_has_is_in_service_elsewhere(numbering: Numbering) -> None:
    (number,) = offered(numbering, 1)
    numbering.order(number)
    other = numbering.http.post("/v1/accounts", json={"email": "b@example.com"}).json()["id"]

    answer = numbering.http.post(
        "/v1/phone-number-orders",
        json={"phone_numbers": [number]},
        headers={"DialStack-Account": other},
    )

    assert answer.status_code == 409
    assert answer.json()["details"]["in_service_elsewhere"] == [number]
    assert answer.json()["details"]["already_on_account"] == []


def test_a_number_from_the_sandbox_range_the_account_holds_is_claimed(
    numbering: Numbering, dialstack_emulator: EmulatorHandle
) -> None:
    added = httpx2.post(
        f"{dialstack_emulator.url}/_emulator/phone_numbers",
        json={
            "api_key": dialstack_emulator.api_key,
            "account": numbering.account,
            "phone_number": "+14155550123",
        },
        trust_env=False,
    )
    assert added.status_code in {200, 201}, added.text

    answer = numbering.post("/v1/phone-number-orders", {"phone_numbers": ["+14155550123"]})

    assert answer.status_code == 409
    assert answer.json()["details"]["already_on_account"] == ["+14155550123"]


def test_the_list_pages_newest_first_and_filters(numbering: Numbering) -> None:
    first = numbering.order(*offered(numbering, 1, "206"))
    numbering.emulator.advance_clock(5)
    second = numbering.order(REFUSED)
    third = numbering.order(*offered(numbering, 1, "303"))
    numbering.emulator.advance_clock(5)

    page = numbering.get("/v1/phone-number-orders", limit=2).json()
    rest = numbering.http.get(page["next_page_url"], headers=numbering.headers).json()

    assert [o["id"] for o in page["data"]] == [third["id"], second["id"]]
    assert [o["id"] for o in rest["data"]] == [first["id"]]
    assert rest["next_page_url"] is None

    def ids(**query: str) -> list[str]:
        answer = numbering.get("/v1/phone-number-orders", **query)
        assert answer.status_code == 200, answer.text
        return [order["id"] for order in answer.json()["data"]]

    assert ids(status="complete") == [third["id"], first["id"]]
    assert ids(status="failed") == [second["id"]]
    assert ids(status="pending") == []
    assert ids(order_type="purchase") == [third["id"], second["id"], first["id"]]
    assert ids(order_type="disconnect") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "done"}, "status"),
        ({"order_type": "port"}, "order_type"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
    ],
)
def test_a_bad_list_query_is_a_400_naming_it(
    numbering: Numbering, query: dict[str, str], field: str
) -> None:
    answer = numbering.get("/v1/phone-number-orders", **query)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


def _numbers(count: int) -> list[str]:
    return [f"+1312{200 + n // 10_000:03d}{n % 10_000:04d}" for n in range(count)]


BAD_ORDERS: list[tuple[Any, str]] = [
    ({"phone_numbers": _numbers(10_000)}, "phone_numbers"),
    ({"phone_numbers": _numbers(101)}, "phone_numbers"),
    ({"phone_numbers": ["+13125550147", "+13125550147"]}, "phone_numbers"),
    ({"phone_numbers": []}, "phone_numbers"),
    ({}, "phone_numbers"),
    ({"phone_numbers": "+13125550147"}, "phone_numbers"),
    ({"phone_numbers": ["3125550147"]}, "phone_numbers.0"),
    ({"phone_numbers": ["+1 312 555 0147"]}, "phone_numbers.0"),
    ({"phone_numbers": ["+13125550147", "+442079460000"]}, "phone_numbers.1"),
    ({"phone_numbers": ["+1312555014"]}, "phone_numbers.0"),
    ({"phone_numbers": ["+131255501470"]}, "phone_numbers.0"),
    ({"phone_numbers": ["+10125550147"]}, "phone_numbers.0"),
    ({"phone_numbers": ["+13121550147"]}, "phone_numbers.0"),
    ({"phone_numbers": [13125550147]}, "phone_numbers.0"),
    ({"phone_numbers": [None]}, "phone_numbers.0"),
    ({"phone_numbers": ["+13125550147"], "order_type": "disconnect"}, "order_type"),
]


@pytest.mark.parametrize(("body", "field"), BAD_ORDERS)
def test_a_bad_order_is_a_400_naming_the_field(numbering: Numbering, body: Any, field: str) -> None:
    answer = numbering.post("/v1/phone-number-orders", body)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field
    assert numbering.get("/v1/phone-number-orders").json()["data"] == []


def test_an_order_of_another_account_or_platform_is_a_404(
    numbering: Numbering, dialstack_emulator: EmulatorHandle
) -> None:
    order = numbering.order(*offered(numbering, 1))
    other = numbering.http.post("/v1/accounts", json={"email": "b@example.com"}).json()["id"]
    path = f"/v1/phone-number-orders/{order['id']}"

    in_other_account = numbering.http.get(path, headers={"DialStack-Account": other})
    with httpx2.Client(
        base_url=dialstack_emulator.url,
        headers={"Authorization": "Bearer sk_test_another_platform"},
        trust_env=False,
    ) as stranger:
        theirs = stranger.post("/v1/accounts", json={"email": "c@example.com"}).json()["id"]
        in_other_platform = stranger.get(path, headers={"DialStack-Account": theirs})
        their_list = stranger.get("/v1/phone-number-orders", headers={"DialStack-Account": theirs})

    assert in_other_account.status_code == 404
    assert in_other_platform.status_code == 404
    assert their_list.json()["data"] == []
    assert numbering.get("/v1/phone-number-orders/ord_01h0000000000000000000000").status_code == 404
