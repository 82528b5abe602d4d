"""The browser's credential: an account session's client_secret on the components' routes."""

from datetime import datetime

import httpx2
import pytest

from .conftest import Platform


def _as_browser(platform: Platform, token: str) -> httpx2.Client:
    """What the web components send: the token as bearer and no account header."""
    return httpx2.Client(
        base_url=platform.emulator.url,
        headers={"Authorization": f"Bearer {token}"},
        trust_env=False,
    )


def test_call_logs_reads_the_sessions_account_without_a_header(platform: Platform) -> None:
    created = platform.simulate()
    for _ in range(3):
        platform.simulate(scenario={"outcome": "busy"})
    token = platform.session("call_logs")

    with _as_browser(platform, token) as browser:
        probe = browser.get("/v1/calls", params={"limit": 100})
        page = browser.get("/v1/calls", params={"limit": 2, "expand[]": "did"})
        following = browser.get(page.json()["next_page_url"])

    assert probe.status_code == 200
    assert len(probe.json()["data"]) == 4
    assert page.json()["data"][0]["did"]["phone_number"].startswith("+")
    assert following.status_code == 200
    assert following.json()["data"][-1]["id"] == created["id"]


def test_the_voicemails_component_does_everything_it_does(platform: Platform) -> None:
    platform.simulate(scenario={"outcome": "voicemail"})
    token = platform.session("voicemails")

    with _as_browser(platform, token) as browser:
        listed = browser.get("/v1/voicemails", params={"limit": 20, "owner": platform.user})
        voicemail_id = listed.json()["data"][0]["id"]
        played = browser.post(f"/v1/voicemails/{voicemail_id}", json={"is_read": True})
        transcript = browser.get(f"/v1/voicemails/{voicemail_id}/transcript")
        deleted = browser.delete(f"/v1/voicemails/{voicemail_id}")

    assert listed.status_code == 200
    assert played.json()["is_read"] is True
    assert transcript.json()["status"] == "completed"
    assert deleted.status_code == 204


@pytest.mark.parametrize(
    ("components", "method", "path"),
    [
        (("call_logs",), "GET", "/v1/voicemails"),
        (("call_logs",), "GET", "/v1/phone-numbers"),
        (("call_logs",), "GET", "/v1/calls/call_01h2xcejqtf2nbrexx3vqjhp41"),
        (("voicemails",), "GET", "/v1/calls"),
        (("call_logs", "voicemails"), "GET", "/v1/users"),
        (("call_logs", "voicemails"), "POST", "/v1/accounts"),
        (("call_logs", "voicemails"), "POST", "/v1/account_sessions"),
        (("call_logs", "voicemails"), "POST", "/v1/test_helpers/calls"),
        (("ai_agent",), "GET", "/v1/calls"),
    ],
)
def test_everything_else_is_403(
    platform: Platform, components: tuple[str, ...], method: str, path: str
) -> None:
    token = platform.session(*components)

    with _as_browser(platform, token) as browser:
        answer = browser.request(method, path, json={} if method == "POST" else None)

    assert answer.status_code == 403
    assert answer.json()["code"] == "component_not_enabled"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/v1/voicemails/vm_01h2xcejqtf2nbrexx3vqjhp41/extra", 404, "route_missing"),
        ("GET", "/v1/available-phone-numbers-nope", 404, "route_missing"),
        ("GET", "/v1/", 404, "route_missing"),
        ("PATCH", "/v1/calls", 405, "method_not_allowed"),
    ],
)
def test_a_route_that_does_not_exist_answers_a_session_as_it_answers_a_key(
    platform: Platform, method: str, path: str, status: int, code: str
) -> None:
    # A 403 here would make the browser components throw their session away for a new one.
    with _as_browser(platform, platform.session("voicemails")) as browser:
        as_session = browser.request(method, path)
    as_key = platform.http.request(method, path, headers=platform.headers)

    assert (as_session.status_code, as_session.json()["code"]) == (status, code)
    assert (as_key.status_code, as_key.json()["code"]) == (status, code)


@pytest.mark.parametrize(
    ("component", "path"),
    [("call_history", "/v1/calls"), ("phone_numbers", "/v1/phone-numbers")],
)
def test_other_components_reach_their_lists(platform: Platform, component: str, path: str) -> None:
    platform.simulate()

    with _as_browser(platform, platform.session(component)) as browser:
        answer = browser.get(path)

    assert answer.status_code == 200
    assert len(answer.json()["data"]) == 1


def test_a_header_naming_another_account_is_403(platform: Platform) -> None:
    other = platform.http.post("/v1/accounts", json={}).json()["id"]

    with _as_browser(platform, platform.session("call_logs")) as browser:
        own = browser.get("/v1/calls", headers={"DialStack-Account": platform.account})
        foreign = browser.get("/v1/calls", headers={"DialStack-Account": other})

    assert own.status_code == 200
    assert foreign.status_code == 403


def test_an_expired_session_is_401(platform: Platform) -> None:
    platform.clock(mode="stepped")
    token = platform.session("call_logs")

    with _as_browser(platform, token) as browser:
        platform.clock(advance_seconds=3599)
        before = browser.get("/v1/calls")
        platform.clock(advance_seconds=1)
        after = browser.get("/v1/calls")

    assert before.status_code == 200
    assert after.status_code == 401
    assert "expired" in after.json()["error"]


@pytest.mark.parametrize("back_to_real_time", [False, True])
def test_a_session_made_while_the_clock_is_ahead_lives_its_hour_there(
    platform: Platform, back_to_real_time: bool
) -> None:
    platform.clock(mode="stepped")
    platform.clock(advance_seconds=3 * 24 * 60 * 60)
    if back_to_real_time:
        platform.clock(mode="real")  # real time resumes from the stepped clock's day
    token = platform.session("call_logs")
    now = platform.clock()["now"]

    with _as_browser(platform, token) as browser:
        listed = browser.get("/v1/calls")
    expires_at = datetime.fromisoformat(
        platform.http.post(
            "/v1/account_sessions",
            json={"account": platform.account, "components": {"call_logs": {"enabled": True}}},
        ).json()["expires_at"]
    )

    assert listed.status_code == 200, listed.text
    assert abs(expires_at.timestamp() - (now + 3600)) < 60


def test_a_forged_or_orphaned_token_is_401(platform: Platform) -> None:
    token = platform.session("call_logs")
    header, claims, signature = token.split(".")
    forged = f"{header}.{claims}.{'A' * len(signature)}"
    garbage = "not.a.jwt"

    deleted = platform.http.delete(f"/v1/accounts/{platform.account}")
    statuses: list[int] = []
    for bearer in (forged, garbage, token):
        with _as_browser(platform, bearer) as browser:
            statuses.append(browser.get("/v1/calls").status_code)

    assert deleted.status_code == 204
    assert statuses == [401, 401, 401]


def test_a_session_token_of_another_emulator_key_sees_only_its_account(
    platform: Platform,
) -> None:
    platform.simulate()
    token = platform.session("call_logs")
    other_key = platform.emulator.server.new_api_key()
    stranger = httpx2.Client(
        base_url=platform.emulator.url,
        headers={"Authorization": f"Bearer {other_key}"},
        trust_env=False,
    )
    with stranger, _as_browser(platform, token) as browser:
        theirs = stranger.post("/v1/accounts", json={}).json()["id"]
        foreign = browser.get("/v1/calls", headers={"DialStack-Account": theirs})
        own = browser.get("/v1/calls")

    assert foreign.status_code == 403
    assert len(own.json()["data"]) == 1


def test_the_secret_key_still_works_everywhere(platform: Platform) -> None:
    platform.session("call_logs")

    for path in ("/v1/calls", "/v1/voicemails", "/v1/phone-numbers", "/v1/users"):
        assert platform.get(path).status_code == 200, path


def test_the_token_never_reaches_the_request_log(platform: Platform) -> None:
    token = platform.session("call_logs")

    with _as_browser(platform, token) as browser:
        browser.get("/v1/calls")

    logged = [entry.headers.get("authorization", "") for entry in platform.emulator.requests()]
    assert logged
    assert all(token not in value and token.split(".")[2] not in value for value in logged)


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _spare_bits_set(segment: str) -> str:
    """The same bytes to a lenient decoder, but with the last character's unused bits set
    (a 32-byte HMAC is 43 characters: 2 bits spare, zero in the canonical spelling)."""
    last = _ALPHABET.index(segment[-1])
    return segment[:-1] + _ALPHABET[last | 0b11]


def test_only_the_canonical_spelling_of_a_token_authenticates(platform: Platform) -> None:
    token = platform.session("call_logs")
    header, claims, signature = token.split(".")
    variants = [
        f"{token}!!",
        f"{token}==",
        f"{token}=",
        f"{header}.{claims}.{signature[:10]}!{signature[10:]}",
        f"{header}.{claims[:5]}!{claims[5:]}.{signature}",
        f"{header}.{claims}.{_spare_bits_set(signature)}",
    ]

    statuses: dict[str, int] = {}
    for bearer in [token, *variants]:
        with _as_browser(platform, bearer) as browser:
            statuses[bearer] = browser.get("/v1/calls").status_code

    assert statuses[token] == 200
    assert [statuses[variant] for variant in variants] == [401] * len(variants)
