"""Port orders and the eligibility check over a real socket: the browser's steps (create,
upload the bill copy and CSR, approve, submit), the losing carrier's answers on the tenant's
stepped clock, and every step refused where the order's status does not allow it."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from .conftest import SUBSCRIBER, Numbering

WIRELINE = "+13125550147"  # Lumen, in the inventory's Chicago rate center
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
APPROVAL = {"signature": "Dana Smith", "ip": "203.0.113.9"}


def wireless(numbering: Numbering) -> str:
    """A number of a wireless carrier, as the eligibility check reports it."""
    candidates = [f"+1415200{n:04d}" for n in range(1, 40)]
    found = numbering.post("/v1/port-in-eligibility", {"phone_numbers": candidates}).json()
    return str(next(n["phone_number"] for n in found["portable_numbers"] if n["is_wireless"]))


def upload(numbering: Numbering, order_id: str, kind: str, data: bytes) -> Any:
    return numbering.http.post(
        f"/v1/port-orders/{order_id}/{kind}",
        files={"file": ("doc", data, "application/octet-stream")},
        headers=numbering.headers,
    )


def today(numbering: Numbering) -> datetime:
    return numbering.emulator.clock().now.astimezone(UTC)


def test_the_eligibility_check_names_the_carrier_of_each_portable_number(
    numbering: Numbering,
) -> None:
    answer = numbering.post(
        "/v1/port-in-eligibility", {"phone_numbers": [WIRELINE, "+19075550147"]}
    )

    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "portable_numbers": [
            {
                "phone_number": WIRELINE,
                "losing_carrier_name": "Lumen Technologies",
                "losing_carrier_spid": "9636",
                "is_wireless": False,
                "account_number_required": False,
            }
        ],
        "non_portable_numbers": [{"phone_number": "+19075550147"}],
    }


def test_a_port_goes_from_draft_to_complete_and_its_numbers_are_the_accounts(
    numbering: Numbering,
) -> None:
    foc_day = (today(numbering) + timedelta(days=3)).date().isoformat()
    order = numbering.port(WIRELINE, requested_foc_date=foc_day, requested_foc_time="14:30")
    assert order["status"] == "draft"
    assert order["id"].startswith("po_")
    assert order["submitted_at"] is None
    assert order["details"]["subscriber"]["address"]["line2"] is None
    assert order["details"]["losing_carrier"] == {
        "name": "Lumen Technologies",
        "spid": "9636",
        "port_type": "wireline",
    }

    bill = upload(numbering, order["id"], "bill-copy", PDF)
    csr = upload(numbering, order["id"], "csr", PNG)
    assert bill.status_code == csr.status_code == 200, (bill.text, csr.text)
    assert csr.json()["details"]["bill_copy"] == {
        "s3_key": f"port-orders/{order['id']}/bill-copy.pdf",
        "content_type": "application/pdf",
        "file_size": len(PDF),
    }
    assert csr.json()["details"]["csr"]["content_type"] == "image/png"

    approved = numbering.post(f"/v1/port-orders/{order['id']}/approve", APPROVAL).json()
    assert approved["status"] == "approved"
    assert approved["details"]["approval"]["signature"] == "Dana Smith"
    assert approved["details"]["approval"]["ip"] == "203.0.113.9"
    assert approved["details"]["loa"]["content_type"] == "application/pdf"

    submitted = numbering.post(f"/v1/port-orders/{order['id']}/submit").json()
    assert submitted["status"] == "submitted"
    assert submitted["submitted_at"] is not None

    numbering.emulator.advance_clock(3599)
    assert numbering.get(f"/v1/port-orders/{order['id']}").json()["status"] == "submitted"
    numbering.emulator.advance_clock(1)
    firm = numbering.get(f"/v1/port-orders/{order['id']}").json()
    assert firm["status"] == "foc"
    assert firm["details"]["actual_foc_date"] == foc_day
    assert WIRELINE not in numbering.numbers()

    numbering.emulator.advance_clock(timedelta(days=3, hours=15))
    done = numbering.get(f"/v1/port-orders/{order['id']}").json()
    assert done["status"] == "complete"
    assert done["updated_at"].startswith(f"{foc_day}T14:30:00")
    assert numbering.numbers()[WIRELINE]["status"] == "active"


def test_a_number_the_carrier_refuses_ends_the_port_in_an_exception(
    numbering: Numbering,
) -> None:
    order = numbering.port(WIRELINE, "+13125550000")
    numbering.post(f"/v1/port-orders/{order['id']}/approve", APPROVAL)
    numbering.post(f"/v1/port-orders/{order['id']}/submit")

    numbering.emulator.advance_clock(3600)
    found = numbering.get(f"/v1/port-orders/{order['id']}").json()

    assert found["status"] == "exception"
    assert found["details"]["rejection"]["code"] == "subscriber_mismatch"
    assert "+13125550000" in found["details"]["rejection"]["message"]
    cancelled = numbering.post(f"/v1/port-orders/{order['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    assert WIRELINE not in numbering.numbers()


def _to(numbering: Numbering, status: str) -> str:
    """A port order of the account brought to ``status``."""
    # Two days out: the carrier's answer an hour after submitting comes before the firm date
    # starts, whatever the time of day.
    foc_day = (today(numbering) + timedelta(days=2)).date().isoformat()
    number = WIRELINE if status != "exception" else "+13125550000"
    order = numbering.port(number, requested_foc_date=foc_day)
    plans: dict[str, list[str | int]] = {
        "draft": [],
        "approved": ["approve"],
        "submitted": ["approve", "submit"],
        "foc": ["approve", "submit", 3600],
        "exception": ["approve", "submit", 3600],
        "complete": ["approve", "submit", 3600, 2 * 86_400],
        "cancelled": ["cancel"],
    }
    for step in plans[status]:
        if isinstance(step, int):
            numbering.emulator.advance_clock(step)
        else:
            answer = numbering.post(
                f"/v1/port-orders/{order['id']}/{step}", APPROVAL if step == "approve" else None
            )
            assert answer.status_code == 200, answer.text
    assert numbering.get(f"/v1/port-orders/{order['id']}").json()["status"] == status
    return str(order["id"])


STATUSES = ["draft", "approved", "submitted", "foc", "exception", "complete", "cancelled"]
ALLOWED = {
    "approve": {"draft"},
    "submit": {"approved"},
    "cancel": {"draft", "approved", "submitted", "exception"},
    "csr": {"draft", "approved"},
    "bill-copy": {"draft", "approved"},
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("step", sorted(ALLOWED))
def test_each_step_is_taken_only_from_its_statuses(
    numbering: Numbering, step: str, status: str
) -> None:
    order_id = _to(numbering, status)

    if step in {"csr", "bill-copy"}:
        answer = upload(numbering, order_id, step, PDF)
    else:
        answer = numbering.post(
            f"/v1/port-orders/{order_id}/{step}", APPROVAL if step == "approve" else None
        )

    if status in ALLOWED[step]:
        assert answer.status_code == 200, answer.text
    else:
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "port_order_status"
        assert answer.json()["details"]["status"] == status


def test_a_cancelled_port_frees_its_numbers(numbering: Numbering) -> None:
    order = numbering.port(WIRELINE)
    assert numbering.post("/v1/port-orders", _port_body()).status_code == 409

    numbering.post(f"/v1/port-orders/{order['id']}/cancel")

    assert numbering.post("/v1/port-orders", _port_body()).status_code == 201


def test_a_number_on_a_purchase_cannot_be_ported_and_the_reverse(numbering: Numbering) -> None:
    numbering.port(WIRELINE)

    answer = numbering.post("/v1/phone-number-orders", {"phone_numbers": [WIRELINE]})

    assert answer.status_code == 409
    assert answer.json()["details"]["already_on_account"] == [WIRELINE]


def test_a_date_that_has_passed_is_refused_at_submission(numbering: Numbering) -> None:
    yesterday = (today(numbering) - timedelta(days=1)).date().isoformat()
    order = numbering.port(WIRELINE, requested_foc_date=yesterday)
    numbering.post(f"/v1/port-orders/{order['id']}/approve", APPROVAL)

    answer = numbering.post(f"/v1/port-orders/{order['id']}/submit")

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "requested_foc_date"
    assert numbering.get(f"/v1/port-orders/{order['id']}").json()["status"] == "approved"


def test_a_wireless_number_needs_the_account_number(numbering: Numbering) -> None:
    number = wireless(numbering)
    subscriber = {**SUBSCRIBER, "account_number": None}

    answer = numbering.post("/v1/port-orders", _port_body(number, subscriber=subscriber))

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "subscriber.account_number"
    assert numbering.post("/v1/port-orders", _port_body(number)).status_code == 201


def test_a_number_no_rate_center_serves_cannot_be_ported(numbering: Numbering) -> None:
    answer = numbering.post("/v1/port-orders", _port_body(WIRELINE, "+19075550147"))

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "phone_numbers.1"


def test_a_document_that_is_no_pdf_or_image_is_a_415(numbering: Numbering) -> None:
    order = numbering.port(WIRELINE)

    answer = upload(numbering, order["id"], "csr", b"GIF89a not accepted")

    assert answer.status_code == 415
    assert answer.json()["details"]["field"] == "file"
    assert numbering.get(f"/v1/port-orders/{order['id']}").json()["details"]["csr"] is None


def test_the_list_pages_and_filters_by_status(numbering: Numbering) -> None:
    draft = numbering.port(WIRELINE)
    cancelled = numbering.port("+13125550148")
    numbering.post(f"/v1/port-orders/{cancelled['id']}/cancel")
    third = numbering.port("+13125550149")

    page = numbering.get("/v1/port-orders", limit=2).json()
    rest = numbering.http.get(page["next_page_url"], headers=numbering.headers).json()
    drafts = numbering.get("/v1/port-orders", status="draft").json()["data"]

    assert [o["id"] for o in page["data"] + rest["data"]] == [
        third["id"],
        cancelled["id"],
        draft["id"],
    ]
    assert [o["id"] for o in drafts] == [third["id"], draft["id"]]
    assert numbering.get("/v1/port-orders", status="gone").status_code == 400


def _port_body(*numbers: str, **changes: Any) -> dict[str, Any]:
    return {
        "phone_numbers": list(numbers or [WIRELINE]),
        "subscriber": SUBSCRIBER,
        "requested_foc_date": "2099-01-15",
        **changes,
    }


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


BAD_PORTS: list[tuple[dict[str, Any], str]] = [
    (_without(_port_body(), "subscriber"), "subscriber"),
    (_without(_port_body(), "requested_foc_date"), "requested_foc_date"),
    (_port_body(requested_foc_date="15/01/2099"), "requested_foc_date"),
    (_port_body(requested_foc_date="2099-02-30"), "requested_foc_date"),
    (_port_body(requested_foc_time="25:00"), "requested_foc_time"),
    (_port_body(requested_foc_time="9:30"), "requested_foc_time"),
    (_port_body("+13125550147", "+13125550147"), "phone_numbers"),
    (_port_body(*[f"+1312555{n:04d}" for n in range(101)]), "phone_numbers"),
    (_port_body("312-555-0147"), "phone_numbers.0"),
    (_port_body(subscriber=_without(SUBSCRIBER, "btn")), "subscriber.btn"),
    (_port_body(subscriber={**SUBSCRIBER, "btn": "555"}), "subscriber.btn"),
    (_port_body(subscriber={**SUBSCRIBER, "business_name": ""}), "subscriber.business_name"),
    (_port_body(subscriber={**SUBSCRIBER, "pin": "9" * 33}), "subscriber.pin"),
    (_port_body(subscriber={**SUBSCRIBER, "fax": "x"}), "subscriber.fax"),
    (
        _port_body(subscriber={**SUBSCRIBER, "address": {**SUBSCRIBER["address"], "state": "Il"}}),
        "subscriber.address.state",
    ),
    (
        _port_body(subscriber={**SUBSCRIBER, "address": {**SUBSCRIBER["address"], "zip": "6060"}}),
        "subscriber.address.zip",
    ),
    (
        _port_body(subscriber={**SUBSCRIBER, "address": _without(SUBSCRIBER["address"], "city")}),
        "subscriber.address.city",
    ),
]


@pytest.mark.parametrize(("body", "field"), BAD_PORTS)
def test_a_bad_port_order_is_refused_naming_the_field(
    numbering: Numbering, body: dict[str, Any], field: str
) -> None:
    answer = numbering.post("/v1/port-orders", body)

    assert answer.status_code in {400, 422}, answer.text
    assert answer.json()["details"]["field"] == field
    assert numbering.get("/v1/port-orders").json()["data"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"signature": "Dana"}, "ip"),
        ({"ip": "203.0.113.9"}, "signature"),
        ({"signature": "", "ip": "203.0.113.9"}, "signature"),
        ({"signature": "Dana", "ip": "203.0.113"}, "ip"),
        ({"signature": "Dana", "ip": "localhost"}, "ip"),
        ({"signature": "Dana", "ip": "2001:db8::zz"}, "ip"),
    ],
)
def test_a_bad_approval_is_a_400_naming_the_field(
    numbering: Numbering, body: dict[str, Any], field: str
) -> None:
    order = numbering.port(WIRELINE)

    answer = numbering.post(f"/v1/port-orders/{order['id']}/approve", body)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


def test_an_approval_from_an_ipv6_address_is_kept_in_its_short_form(
    numbering: Numbering,
) -> None:
    order = numbering.port(WIRELINE)
    body = {"signature": "Dana", "ip": "2001:0db8:0000:0000:0000:0000:0000:0001"}

    approved = numbering.post(f"/v1/port-orders/{order['id']}/approve", body).json()

    assert approved["details"]["approval"]["ip"] == "2001:db8::1"


def test_another_accounts_port_order_is_a_404(numbering: Numbering) -> None:
    order = numbering.port(WIRELINE)
    other = numbering.http.post("/v1/accounts", json={"email": "b@example.com"}).json()["id"]
    theirs = {"DialStack-Account": other}

    for answer in (
        numbering.http.get(f"/v1/port-orders/{order['id']}", headers=theirs),
        numbering.http.post(f"/v1/port-orders/{order['id']}/cancel", headers=theirs),
        numbering.http.post(
            f"/v1/port-orders/{order['id']}/csr", files={"file": ("a.pdf", PDF)}, headers=theirs
        ),
    ):
        assert answer.status_code == 404, answer.text
    assert numbering.http.get("/v1/port-orders", headers=theirs).json()["data"] == []
    assert numbering.get(f"/v1/port-orders/{order['id']}").json()["status"] == "draft"
