"""Faxes over a real socket: a send is ``pending`` and ends on the tenant's clock, filling
``pages``, ``attempts`` and ``transport`` with its ``fax.*`` event; inbound faxes arrive
through the control route; read state, filters, expands, the hourly send limit, deletes,
account scoping and the refusals of bad input."""

from typing import Any

import httpx2
import pytest

from dialstack.emulator.services.faxes.faxes import SECONDS_PER_PAGE, SENDS_PER_HOUR

from .conftest import FaxLine, add_number, pdf


def test_a_sent_fax_is_pending_then_delivered_on_the_tenants_clock(line: FaxLine) -> None:
    line.advance(0)
    file_id = line.file(pages=3)
    answer = line.send(file=file_id, to="(415) 555-0123", did=line.did)
    assert answer.status_code == 201, answer.text
    sent = answer.json()

    line.advance(3 * SECONDS_PER_PAGE - 1)
    still = line.get(f"/v1/faxes/{sent['id']}").json()
    line.advance(1)
    done = line.get(f"/v1/faxes/{sent['id']}").json()

    assert sent["id"].startswith("fax_")
    assert (sent["direction"], sent["status"], sent["attempts"]) == ("outbound", "pending", 0)
    assert (sent["from_number"], sent["to_number"]) == (line.number, "+14155550123")
    assert (sent["file"], sent["did"], sent["source_pages"]) == (file_id, line.did, 3)
    assert sent["pages"] is None and sent["transport"] is None and sent["completed_at"] is None
    assert sent["submitted_at"] == sent["created_at"]
    assert still == sent
    assert (done["status"], done["pages"], done["attempts"], done["transport"]) == (
        "delivered",
        3,
        1,
        "t38",
    )
    assert done["completed_at"] is not None and done["error_code"] is None
    (event,) = line.events()
    assert event["type"] == "fax.delivered"
    assert event["data"]["id"] == sent["id"] and event["data"]["status"] == "delivered"


def test_an_unanswered_fax_fails_after_its_attempts(line: FaxLine) -> None:
    line.advance(0)
    sent = line.sent(to="+14155550000")

    line.advance(179)
    pending = line.get(f"/v1/faxes/{sent['id']}").json()
    line.advance(1)
    failed = line.get(f"/v1/faxes/{sent['id']}").json()

    assert pending["status"] == "pending"
    assert (failed["status"], failed["attempts"], failed["error_code"]) == (
        "failed",
        3,
        "no_answer",
    )
    assert failed["pages"] == 0 and failed["transport"] is None
    assert [event["type"] for event in line.events()] == ["fax.failed"]


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("+14155550123", "+14155550123"),
        ("415.555.0123", "+14155550123"),
        ("1 415 555 0123", "+14155550123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
    ],
)
def test_the_destination_is_normalised_to_e164(line: FaxLine, written: str, e164: str) -> None:
    assert line.sent(to=written)["to_number"] == e164


def test_an_inbound_fax_arrives_unread_and_read_state_follows_read_at(line: FaxLine) -> None:
    received = line.receive(from_number="+12065550100", pages=2)
    path = f"/v1/faxes/{received['id']}"

    unread = line.get("/v1/faxes", is_read="false").json()["data"]
    read = line.http.post(path, json={"is_read": True}, headers=line.headers).json()
    again = line.http.post(path, json={"is_read": True}, headers=line.headers).json()
    unread_after = line.get("/v1/faxes", is_read="false").json()["data"]
    cleared = line.http.post(path, json={"is_read": False}, headers=line.headers).json()

    assert (received["direction"], received["status"], received["pages"]) == (
        "inbound",
        "received",
        2,
    )
    assert (received["from_number"], received["to_number"]) == ("+12065550100", line.number)
    assert received["read_at"] is None and received["file"].startswith("file_")
    assert [fax["id"] for fax in unread] == [received["id"]]
    assert read["read_at"] is not None and again["read_at"] == read["read_at"]
    assert unread_after == []
    assert cleared["read_at"] is None
    assert [event["type"] for event in line.events()] == ["fax.received"]


def test_a_withheld_caller_is_a_null_sender(line: FaxLine) -> None:
    assert line.receive(from_number=None)["from_number"] is None


def test_expand_gives_the_file_and_the_number_in_full(line: FaxLine) -> None:
    sent = line.sent()

    expanded = line.get(f"/v1/faxes/{sent['id']}", **{"expand[]": ["file", "did"]}).json()
    listed = line.get("/v1/faxes", **{"expand[]": "file"}).json()["data"][0]

    assert expanded["file"]["id"] == sent["file"] and expanded["file"]["object"] == "file"
    assert expanded["did"] == {"id": line.did, "phone_number": line.number}
    assert listed["file"]["id"] == sent["file"] and listed["did"] == line.did


def _ids(line: FaxLine, **filters: Any) -> list[str]:
    answer = line.get("/v1/faxes", **filters)
    assert answer.status_code == 200, answer.text
    return [fax["id"] for fax in answer.json()["data"]]


def test_each_filter_narrows_the_list(line: FaxLine) -> None:
    line.advance(0)
    to_seattle = line.sent(to="+12065550111")["id"]
    to_sf = line.sent(to="+14155550123")["id"]
    from_sf = line.receive(from_number="+14155550999")["id"]
    other_did = add_number(line.emulator, line.account, "+13125550100")
    line.advance(SECONDS_PER_PAGE)

    assert _ids(line) == [from_sf, to_sf, to_seattle]
    assert _ids(line, direction="outbound") == [to_sf, to_seattle]
    assert _ids(line, direction="inbound") == [from_sf]
    assert _ids(line, status="received") == [from_sf]
    assert _ids(line, status="delivered") == [to_sf, to_seattle]
    assert _ids(line, status="pending") == []
    assert _ids(line, did=line.did) == [from_sf, to_sf, to_seattle]
    assert _ids(line, did=other_did) == []
    assert _ids(line, number="415") == [from_sf, to_sf]
    assert _ids(line, number="(206) 555") == [to_seattle]
    assert _ids(line, number="5550142") == [from_sf, to_sf, to_seattle]  # our own number
    assert _ids(line, number="999") == [from_sf]
    assert _ids(line, number="7777") == []
    assert _ids(line, is_read="true") == []
    assert _ids(line, direction="outbound", number="415") == [to_sf]
    assert _ids(line, number="ext.") == [from_sf, to_sf, to_seattle]  # no digit: no filter


def test_a_filtered_list_pages_with_its_filter(line: FaxLine) -> None:
    sent = [line.sent(to="+14155550123")["id"] for _ in range(3)]
    line.sent(to="+12065550111")

    first = line.get("/v1/faxes", number="415", limit=2).json()
    second = line.http.get(first["next_page_url"], headers=line.headers).json()

    assert [fax["id"] for fax in first["data"] + second["data"]] == sent[::-1]
    assert second["next_page_url"] is None


def test_sends_are_limited_per_account_over_a_rolling_hour(line: FaxLine) -> None:
    line.advance(0)
    file_id = line.file()
    for _ in range(SENDS_PER_HOUR):
        assert line.send(file=file_id, to="+14155550123", did=line.did).status_code == 201
    line.advance(600)

    refused = line.send(file=file_id, to="+14155550123", did=line.did)
    line.advance(3000)
    allowed = line.send(file=file_id, to="+14155550123", did=line.did)

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert refused.headers["Retry-After"] == "3000"
    assert allowed.status_code == 201


def test_a_deleted_fax_is_gone_and_its_file_stays(line: FaxLine) -> None:
    sent = line.sent()

    deleted = line.http.delete(f"/v1/faxes/{sent['id']}", headers=line.headers)
    again = line.http.delete(f"/v1/faxes/{sent['id']}", headers=line.headers)

    assert deleted.status_code == 204
    assert again.status_code == 404
    assert line.get(f"/v1/faxes/{sent['id']}").status_code == 404
    assert line.send(file=sent["file"], to="+14155550123", did=line.did).status_code == 201


def test_another_accounts_fax_and_file_are_not_ours(line: FaxLine, api: httpx2.Client) -> None:
    sent = line.sent()
    other = api.post("/v1/accounts", json={"email": "b@example.com"}).json()["id"]
    elsewhere = {"DialStack-Account": other}

    assert api.get(f"/v1/faxes/{sent['id']}", headers=elsewhere).status_code == 404
    assert api.post(f"/v1/faxes/{sent['id']}", json={}, headers=elsewhere).status_code == 404
    assert api.delete(f"/v1/faxes/{sent['id']}", headers=elsewhere).status_code == 404
    assert api.get("/v1/faxes", headers=elsewhere).json()["data"] == []
    stolen = api.post(
        "/v1/faxes",
        json={"file": sent["file"], "to": "+14155550123", "did": line.did},
        headers=elsewhere,
    )
    assert stolen.status_code == 422 and stolen.json()["details"]["field"] == "file"


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"to": "12"}, 422, "to"),
        ({"to": "not a number"}, 422, "to"),
        ({"to": "+0123456789"}, 422, "to"),
        ({"to": "+1234567890123456"}, 422, "to"),
        ({"to": "+١٤١٥٥٥٥٠١٢٣"}, 422, "to"),
        ({"to": "5" * 65}, 400, "to"),
        ({"to": 14155550123}, 400, "to"),
        ({"did": "did_nothing"}, 422, "did"),
        ({"did": "disabled"}, 422, "did"),
        ({"file": "file_nothing"}, 422, "file"),
        ({"file": "received"}, 422, "file"),
        ({"file": None}, 400, "file"),
        ({"extra": 1}, 400, "extra"),
    ],
    ids=[
        "short number",
        "words",
        "leading zero",
        "sixteen digits",
        "arabic digits",
        "too long",
        "number not text",
        "unknown did",
        "did not fax-enabled",
        "unknown file",
        "file with another purpose",
        "file null",
        "unknown key",
    ],
)
def test_a_bad_send_is_refused_naming_the_field(
    line: FaxLine, change: dict[str, Any], status: int, field: str
) -> None:
    body: dict[str, Any] = {"file": line.file(), "to": "+14155550123", "did": line.did}
    if change.get("did") == "disabled":
        change = {"did": add_number(line.emulator, line.account, "+13125550199")}
    if change.get("file") == "received":
        change = {"file": line.receive()["file"]}
    body.update(change)

    answer = line.send(**body)

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field
    assert _ids(line, direction="outbound") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"direction": "sideways"}, "direction"),
        ({"status": "lost"}, "status"),
        ({"is_read": "maybe"}, "is_read"),
        ({"expand[]": "owner"}, "expand[].0"),
        ({"limit": "0"}, "limit"),
    ],
)
def test_a_bad_list_query_is_refused_naming_it(
    line: FaxLine, query: dict[str, str], field: str
) -> None:
    answer = line.get("/v1/faxes", **query)

    assert answer.status_code == 400, answer.text
    assert answer.json()["details"]["field"] == field


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"account": "acct_nothing"}, 400, "account"),
        ({"did": 5}, 400, "did"),
        ({"did": "did_nothing"}, 422, "did"),
        ({"pages": 0}, 400, "pages"),
        ({"pages": 101}, 400, "pages"),
        ({"from_number": "12"}, 422, "from_number"),
    ],
)
def test_the_inbound_control_route_refuses_bad_input(
    line: FaxLine, body: dict[str, Any], status: int, field: str
) -> None:
    answer = line.control("faxes", **{"account": line.account, "did": line.did, **body})

    assert answer.status_code == status, answer.text
    assert answer.json()["details"]["field"] == field


def test_a_pdfs_pages_are_counted(line: FaxLine) -> None:
    assert line.sent(pages=7)["source_pages"] == 7
    assert pdf(7).count(b"/Type /Page ") == 7
