"""Call lists: newest first, filters, expand[], next_page_url paging; voicemail writes."""

from datetime import datetime, timedelta
from typing import Any

import httpx2
import pytest

from .conftest import Platform, new_user


def _ids(answer: httpx2.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["data"]]


def _walk(platform: Platform, path: str, **params: Any) -> list[dict[str, Any]]:
    page = platform.get(path, **params).json()
    items = list(page["data"])
    while page["next_page_url"] is not None:
        page = platform.http.get(page["next_page_url"], headers=platform.headers).json()
        items += page["data"]
    return items


def test_calls_are_newest_first_by_started_at(platform: Platform) -> None:
    long_ago = platform.simulate(scenario={"outcome": "answered", "talk_seconds": 3600})
    just_now = platform.simulate(scenario={"outcome": "busy"})
    earlier = platform.simulate(scenario={"outcome": "answered", "talk_seconds": 600})

    listed = platform.get("/v1/calls").json()["data"]

    assert [c["id"] for c in listed] == [just_now["id"], earlier["id"], long_ago["id"]]
    starts = [datetime.fromisoformat(c["started_at"]) for c in listed]
    assert starts == sorted(starts, reverse=True)


def test_paging_follows_next_and_previous_page_urls(platform: Platform) -> None:
    created = [platform.simulate(scenario={"outcome": "busy"})["id"] for _ in range(23)]

    walked = _walk(platform, "/v1/calls", limit=10)
    first = platform.get("/v1/calls", limit=10).json()
    second = platform.http.get(first["next_page_url"], headers=platform.headers).json()
    back = platform.http.get(second["previous_page_url"], headers=platform.headers).json()

    assert [c["id"] for c in walked] == created[::-1]
    assert first["previous_page_url"] is None
    assert [c["id"] for c in back["data"]] == [c["id"] for c in first["data"]]


def test_a_page_token_works_only_for_its_own_filters(platform: Platform) -> None:
    for _ in range(3):
        platform.simulate(scenario={"outcome": "busy"})
    page = platform.get("/v1/calls", limit=1, status="busy").json()
    token = page["next_page_url"].split("page=")[1]

    assert "status=busy" in page["next_page_url"]
    assert platform.get("/v1/calls", limit=1, status="completed", page=token).status_code == 400


def test_call_filters(platform: Platform) -> None:
    other_user = new_user(platform.http, platform.account, "Grace Hopper")
    inbound = platform.simulate(from_number="+12125550101", scenario={"outcome": "answered"})
    busy = platform.simulate(from_number="+12125550102", scenario={"outcome": "busy"})
    outbound = platform.simulate(direction="outbound", to_number="+15005550101")
    theirs = platform.simulate(user=other_user, scenario={"outcome": "voicemail"})
    did = platform.get("/v1/phone-numbers").json()["data"][0]

    assert _ids(platform.get("/v1/calls", direction="outbound")) == [outbound["id"]]
    assert _ids(platform.get("/v1/calls", status="busy")) == [busy["id"]]
    assert _ids(platform.get("/v1/calls", status="no-answer")) == [outbound["id"]]
    assert _ids(platform.get("/v1/calls", user=other_user)) == [theirs["id"]]
    assert _ids(platform.get("/v1/calls", user_id=other_user)) == [theirs["id"]]
    assert _ids(platform.get("/v1/calls", user=other_user, user_id=platform.user)) == [theirs["id"]]
    assert _ids(platform.get("/v1/calls", from_number="+12125550101")) == [inbound["id"]]
    assert _ids(platform.get("/v1/calls", to_number="+15005550101")) == [outbound["id"]]
    assert len(_ids(platform.get("/v1/calls", to_number=did["phone_number"]))) == 3
    assert len(_ids(platform.get("/v1/calls", did=did["id"]))) == 4
    assert _ids(platform.get("/v1/calls", did="did_01h2xcejqtf2nbrexx3vqjhp41")) == []


def test_date_filters_from_inclusive_to_exclusive_in_both_spellings(platform: Platform) -> None:
    created = platform.simulate(scenario={"outcome": "busy"})
    started = platform.call(created["id"])["started_at"]
    later = (datetime.fromisoformat(started) + timedelta(seconds=1)).isoformat()

    assert _ids(platform.get("/v1/calls", from_date=started)) == [created["id"]]
    assert _ids(platform.get("/v1/calls", to_date=started)) == []
    assert _ids(platform.get("/v1/calls", to_date=later)) == [created["id"]]
    assert _ids(platform.get("/v1/calls", **{"from": later})) == []
    assert _ids(platform.get("/v1/calls", to="2020-01-01")) == []
    assert _ids(platform.get("/v1/calls", from_date="2020-01-01")) == [created["id"]]
    assert platform.get("/v1/calls", from_date="last tuesday").status_code == 400


def test_expand_did_puts_the_number_in_the_same_field(platform: Platform) -> None:
    created = platform.simulate()
    number = platform.get("/v1/phone-numbers").json()["data"][0]

    listed = platform.get("/v1/calls", **{"expand[]": "did"}).json()["data"][0]
    retrieved = platform.get(f"/v1/calls/{created['id']}", **{"expand[]": "did"}).json()

    for call in (listed, retrieved):
        assert call["did"] == {"id": number["id"], "phone_number": number["phone_number"]}
        assert call["did_id"] == number["id"]


def test_voicemail_filters_and_expand_call(platform: Platform) -> None:
    other_user = new_user(platform.http, platform.account, "Grace Hopper")
    mine = platform.simulate(scenario={"outcome": "voicemail"})
    theirs = platform.simulate(user=other_user, scenario={"outcome": "voicemail"})
    by_call = {v["call"]: v["id"] for v in platform.get("/v1/voicemails").json()["data"]}
    platform.http.post(
        f"/v1/voicemails/{by_call[theirs['id']]}", json={"is_read": True}, headers=platform.headers
    )

    unread = _ids(platform.get("/v1/voicemails", is_read="false"))
    read = _ids(platform.get("/v1/voicemails", is_read="true"))
    owned = _ids(platform.get("/v1/voicemails", owner=other_user))
    expanded = platform.get("/v1/voicemails", owner=platform.user, **{"expand[]": "call"})

    assert unread == [by_call[mine["id"]]]
    assert read == [by_call[theirs["id"]]]
    assert owned == [by_call[theirs["id"]]]
    assert _ids(platform.get("/v1/voicemails", from_date="2020-01-01")) == list(by_call.values())
    assert _ids(platform.get("/v1/voicemails", from_date="2999-01-01")) == []
    assert platform.get("/v1/voicemails", is_read="yes").status_code == 400
    call = expanded.json()["data"][0]["call"]
    assert call["id"] == mine["id"]
    assert call["status"] == "voicemail"
    assert expanded.json()["data"][0]["call_id"] == mine["id"]


def test_marking_read_keeps_the_first_time_and_unread_clears_it(platform: Platform) -> None:
    platform.simulate(scenario={"outcome": "voicemail"})
    voicemail_id = platform.get("/v1/voicemails").json()["data"][0]["id"]
    path = f"/v1/voicemails/{voicemail_id}"

    def mark(is_read: bool) -> dict[str, Any]:
        answer = platform.http.post(path, json={"is_read": is_read}, headers=platform.headers)
        assert answer.status_code == 200, answer.text
        marked: dict[str, Any] = answer.json()
        return marked

    first = mark(True)
    again = mark(True)
    unread = mark(False)

    assert first["is_read"] is True
    assert first["read_at"] is not None
    assert again["read_at"] == first["read_at"]
    assert unread["is_read"] is False
    assert unread["read_at"] is None
    assert platform.get(path).json()["read_at"] is None


def test_deleting_a_voicemail_removes_it_its_transcript_and_its_audio(platform: Platform) -> None:
    platform.simulate(scenario={"outcome": "voicemail"})
    voicemail = platform.get("/v1/voicemails").json()["data"][0]
    path = f"/v1/voicemails/{voicemail['id']}"

    deleted = platform.http.delete(path, headers=platform.headers)
    again = platform.http.delete(path, headers=platform.headers)

    assert deleted.status_code == 204
    assert again.status_code == 404
    assert platform.get(path).status_code == 404
    assert platform.get(f"{path}/transcript").status_code == 404
    assert httpx2.get(voicemail["audio_url"], trust_env=False).status_code == 404
    assert platform.get(f"/v1/calls/{voicemail['call']}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/v1/calls/{call}",
        "/v1/calls/{call}/transcript",
        "/v1/calls/{call}/recording",
        "/v1/voicemails/{voicemail}",
        "/v1/voicemails/{voicemail}/transcript",
    ],
)
def test_another_accounts_objects_are_404(platform: Platform, path: str) -> None:
    call = platform.simulate(scenario={"outcome": "answered"})["id"]
    platform.simulate(scenario={"outcome": "voicemail"})
    voicemail = platform.get("/v1/voicemails").json()["data"][0]["id"]
    other = platform.http.post("/v1/accounts", json={}).json()["id"]

    answer = platform.http.get(
        path.format(call=call, voicemail=voicemail), headers={"DialStack-Account": other}
    )

    assert answer.status_code == 404
    assert platform.http.get("/v1/calls", headers={"DialStack-Account": other}).json()["data"] == []


def test_the_account_header_is_required(platform: Platform) -> None:
    for path in ("/v1/calls", "/v1/voicemails", "/v1/phone-numbers"):
        assert platform.http.get(path).status_code == 400
