"""The browser's credential on the numbering routes: each component's account session
reaches what that component calls, without an account header, and nothing else."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from .conftest import SUBSCRIBER, Numbering


def session(numbering: Numbering, component: str) -> httpx2.Client:
    answer = numbering.http.post(
        "/v1/account_sessions",
        json={"account": numbering.account, "components": {component: {"enabled": True}}},
    )
    assert answer.status_code == 201, answer.text
    return httpx2.Client(
        base_url=numbering.emulator.url,
        headers={"Authorization": f"Bearer {answer.json()['client_secret']}"},
        trust_env=False,
    )


def test_the_ordering_component_searches_orders_and_polls(numbering: Numbering) -> None:
    with session(numbering, "phone_number_ordering") as browser:
        found = browser.get("/v1/available-phone-numbers", params={"area_code": "415"})
        number = found.json()["data"][0]["phone_number"]
        order = browser.post("/v1/phone-number-orders", json={"phone_numbers": [number]})
        numbering.emulator.advance_clock(5)
        polled = browser.get(f"/v1/phone-number-orders/{order.json()['id']}")
        listed = browser.get("/v1/phone-number-orders", params={"limit": 10, "status": "complete"})
        porting = browser.get("/v1/port-orders")

    assert found.status_code == 200
    assert order.status_code == 201, order.text
    assert polled.json()["status"] == "complete"
    assert [o["id"] for o in listed.json()["data"]] == [order.json()["id"]]
    assert porting.status_code == 403
    assert porting.json()["code"] == "component_not_enabled"


def test_the_onboarding_component_ports_numbers(numbering: Numbering) -> None:
    body: dict[str, Any] = {
        "phone_numbers": ["+13125550147"],
        "subscriber": SUBSCRIBER,
        "requested_foc_date": "2099-01-15",
    }
    with session(numbering, "account_onboarding") as browser:
        eligible = browser.post("/v1/port-in-eligibility", json={"phone_numbers": ["+13125550147"]})
        created = browser.post("/v1/port-orders", json=body).json()
        bill = browser.post(
            f"/v1/port-orders/{created['id']}/bill-copy",
            files={"file": ("bill.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        )
        approved = browser.post(
            f"/v1/port-orders/{created['id']}/approve",
            json={"signature": "Dana Smith", "ip": "198.51.100.4"},
        )
        submitted = browser.post(f"/v1/port-orders/{created['id']}/submit")
        listed = browser.get("/v1/port-orders")

    assert eligible.json()["portable_numbers"][0]["phone_number"] == "+13125550147"
    assert bill.status_code == approved.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert [o["id"] for o in listed.json()["data"]] == [created["id"]]


def test_the_phone_numbers_component_routes_and_reads_orders(
    numbering: Numbering, dialstack_emulator: EmulatorHandle
) -> None:
    (found,) = numbering.available(area_code="206", quantity=1)
    numbering.order(found["phone_number"])
    numbering.emulator.advance_clock(5)
    number_id = numbering.numbers()[found["phone_number"]]["id"]

    with session(numbering, "phone_numbers") as browser:
        routed = browser.post(f"/v1/phone-numbers/{number_id}/route", json={"routing_target": None})
        window = browser.get(f"/v1/phone-numbers/{number_id}/sms-port-out")
        orders = browser.get("/v1/phone-number-orders")
        ports = browser.get("/v1/port-orders")
        search = browser.get("/v1/available-phone-numbers", params={"area_code": "206"})

    assert routed.status_code == window.status_code == orders.status_code == 200
    assert ports.status_code == 200
    assert search.status_code == 403


@pytest.mark.parametrize("component", ["call_logs", "voicemails", "dial_plan"])
def test_other_components_reach_none_of_the_numbering_routes(
    numbering: Numbering, component: str
) -> None:
    with session(numbering, component) as browser:
        answers = [
            browser.get("/v1/available-phone-numbers", params={"area_code": "415"}),
            browser.post("/v1/phone-number-orders", json={"phone_numbers": ["+14155550199"]}),
            browser.get("/v1/port-orders"),
            browser.post("/v1/port-in-eligibility", json={"phone_numbers": ["+14155550199"]}),
        ]

    assert [answer.status_code for answer in answers] == [403] * 4
