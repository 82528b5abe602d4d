"""Which routes each embedded component's session reaches: what its browser code calls (the
official components, ``@dialstack/sdk-js`` and ``@dialstack/sdk-react``), and nothing else."""

from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from dialstack.emulator import EmulatorHandle

from ..services.calls.conftest import Platform, new_account, new_user

COMPONENTS = (
    "call_logs",
    "voicemails",
    "call_history",
    "phone_numbers",
    "phone_number_ordering",
    "account_onboarding",
    "dial_plan",
    "ai_agent",
)
_FAN_OUT = {"phone_numbers", "phone_number_ordering", "dial_plan"}
"""The routing-target pickers: users, dial plans, voice apps, ring groups and queues."""


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    """With ``{account}``, ``{user}``, ``{dial_plan}``, ``{voice_app}``, ``{ring_group}``,
    ``{queue}``, ``{ai_agent}``, ``{voicemail}``, ``{phone_number}`` and ``{device}`` filled."""
    callers: frozenset[str]
    body: dict[str, Any] | None = None


def _route(method: str, path: str, *callers: str, body: dict[str, Any] | None = None) -> Route:
    return Route(method, path, frozenset(callers), body)


ROUTES = [
    _route("GET", "/v1/calls?limit=100&expand[]=did", "call_logs", "call_history"),
    _route("GET", "/v1/voicemails?limit=20&owner={user}", "voicemails"),
    _route("GET", "/v1/voicemails/{voicemail}/transcript", "voicemails"),
    _route("POST", "/v1/voicemails/{voicemail}", "voicemails", body={"is_read": True}),
    _route(
        "POST",
        "/v1/calls",
        "voicemails",
        body={"user_id": "{user}", "dial_string": "+14155550100"},
    ),
    _route("GET", "/v1/phone-numbers", "phone_numbers", "account_onboarding"),
    _route("GET", "/v1/phone-numbers/{phone_number}", "phone_numbers"),
    _route(
        "POST", "/v1/phone-numbers/{phone_number}", "phone_numbers", "account_onboarding", body={}
    ),
    _route("GET", "/v1/users?limit=100&expand[]=extensions", *_FAN_OUT, "account_onboarding"),
    _route("GET", "/v1/users/{user}?expand[]=extensions", "phone_numbers", "dial_plan"),
    _route("GET", "/v1/dialplans?limit=100&expand[]=extensions", *_FAN_OUT, "account_onboarding"),
    _route("GET", "/v1/dialplans/{dial_plan}", "dial_plan", "phone_numbers", "account_onboarding"),
    _route("GET", "/v1/voice-apps?limit=100&expand[]=extensions", *_FAN_OUT),
    _route("GET", "/v1/voice-apps/{voice_app}?expand[]=extensions", "phone_numbers", "dial_plan"),
    _route("GET", "/v1/ring_groups?limit=100&expand[]=extensions", *_FAN_OUT),
    _route("GET", "/v1/ring_groups/{ring_group}?expand[]=extensions", "phone_numbers", "dial_plan"),
    _route("GET", "/v1/queues?limit=100&expand[]=extensions", *_FAN_OUT),
    _route("GET", "/v1/queues/{queue}?expand[]=extensions", "phone_numbers", "dial_plan"),
    _route("GET", "/v1/schedules", "dial_plan"),
    _route("GET", "/v1/extensions?limit=100", "dial_plan", "account_onboarding"),
    _route("GET", "/v1/ai-agents", "dial_plan"),
    _route("GET", "/v1/ai-agents/{ai_agent}", "ai_agent"),
    _route("POST", "/v1/ai-agents/{ai_agent}", "ai_agent", body={"name": "Front desk"}),
    _route("GET", "/v1/accounts/{account}", "account_onboarding"),
    _route("POST", "/v1/accounts/{account}", "account_onboarding", body={}),
    _route("GET", "/v1/accounts/{account}/tos", "account_onboarding"),
    _route("POST", "/v1/users", "account_onboarding", body={"name": "Grace Hopper"}),
    _route("GET", "/v1/devices", "account_onboarding"),
    _route("GET", "/v1/devices/{device}/users", "account_onboarding"),
    _route("GET", "/v1/dect-bases", "account_onboarding"),
    # Nobody's: the key's alone.
    _route("GET", "/v1/webhook_endpoints"),
    _route("GET", "/v1/faxes"),
    _route("POST", "/v1/account_sessions", body={}),
]


@dataclass(frozen=True)
class World:
    platform: Platform
    ids: dict[str, str]

    def fill(self, text: str) -> str:
        return text.format(**self.ids)

    def body(self, route: Route) -> dict[str, Any] | None:
        if route.body is None:
            return None
        return {
            name: self.fill(value) if isinstance(value, str) else value
            for name, value in route.body.items()
        }


@pytest.fixture
def platform(api: httpx2.Client, dialstack_emulator: EmulatorHandle) -> Platform:
    """An account with one user, over a real socket."""
    account = new_account(api)
    return Platform(api, dialstack_emulator, account, new_user(api, account))


def _made(platform: Platform, path: str, **body: Any) -> str:
    answer = platform.http.post(path, json=body, headers=platform.headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


@pytest.fixture
def world(platform: Platform) -> World:
    call = platform.simulate(scenario={"outcome": "voicemail"})
    voicemails = platform.get("/v1/voicemails").json()["data"]
    assert voicemails, call
    voice_app = _made(platform, "/v1/voice-apps", name="Bot", url="https://example.com/hook")
    ids = {
        "account": platform.account,
        "user": platform.user,
        "voicemail": voicemails[0]["id"],
        "phone_number": platform.get("/v1/phone-numbers").json()["data"][0]["id"],
        "voice_app": voice_app,
        "ai_agent": _made(platform, "/v1/ai-agents", name="Agent", voice_app=voice_app),
        "ring_group": _made(platform, "/v1/ring_groups", name="Desk"),
        "queue": _made(platform, "/v1/queues", name="Support"),
        "dial_plan": _made(
            platform,
            "/v1/dialplans",
            name="Main",
            entry_node="n1",
            nodes=[{"id": "n1", "type": "internal_dial", "config": {"target": platform.user}}],
        ),
        "device": _made(platform, "/v1/devices", type="deskphone", mac_address="00:04:13:aa:bb:01"),
    }
    return World(platform, ids)


def _as_browser(platform: Platform, token: str) -> httpx2.Client:
    """What the web components send: the token as bearer and no account header."""
    return httpx2.Client(
        base_url=platform.emulator.url,
        headers={"Authorization": f"Bearer {token}"},
        trust_env=False,
    )


@pytest.mark.parametrize("component", COMPONENTS)
def test_a_session_reaches_its_components_routes_and_no_other(world: World, component: str) -> None:
    answers: dict[str, tuple[int, str | None]] = {}
    with _as_browser(world.platform, world.platform.session(component)) as browser:
        for route in ROUTES:
            answer = browser.request(route.method, world.fill(route.path), json=world.body(route))
            code = answer.json().get("code") if answer.content else None
            answers[f"{route.method} {route.path}"] = (answer.status_code, code)

    reached = {name for name, (status, _) in answers.items() if status < 300}
    refused = {name for name, answer in answers.items() if answer == (403, "component_not_enabled")}
    expected = {f"{r.method} {r.path}" for r in ROUTES if component in r.callers}
    assert reached == expected, answers
    assert refused == set(answers) - expected, answers


@pytest.mark.parametrize("component", COMPONENTS)
def test_every_component_opens_the_instance_event_stream(
    platform: Platform, component: str
) -> None:
    with (
        _as_browser(platform, platform.session(component)) as browser,
        browser.stream("GET", "/v1/events", headers={"Accept": "text/event-stream"}) as stream,
    ):
        first = next(stream.iter_lines())

    assert stream.status_code == 200
    assert first == "event: connected"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/v1/available-phone-numbers-nope", 404, "route_missing"),
        ("GET", "/v1/accounts/{account}/nope", 404, "route_missing"),
        ("GET", "/v1/dect-bases-nope", 404, "route_missing"),
        ("DELETE", "/v1/ai-agents", 405, "method_not_allowed"),
        ("PATCH", "/v1/dialplans/{dial_plan}", 405, "method_not_allowed"),
    ],
)
@pytest.mark.parametrize("component", ["account_onboarding", "dial_plan", "ai_agent"])
def test_a_route_that_does_not_exist_is_404_for_every_component(
    world: World, component: str, method: str, path: str, status: int, code: str
) -> None:
    with _as_browser(world.platform, world.platform.session(component)) as browser:
        answer = browser.request(method, world.fill(path))

    assert (answer.status_code, answer.json()["code"]) == (status, code)


@pytest.mark.parametrize(
    "path", ["/v1/accounts/{other}", "/v1/accounts/{other}/tos", "/v1/accounts/acct_nope"]
)
def test_onboarding_sees_no_other_account(
    platform: Platform, api: httpx2.Client, path: str
) -> None:
    other = new_account(api)
    with _as_browser(platform, platform.session("account_onboarding")) as browser:
        read = browser.get(path.format(other=other))
        changed = browser.post(path.format(other=other), json={})

    assert (read.status_code, read.json()["code"]) == (404, "resource_missing")
    assert changed.status_code == 404


@pytest.mark.parametrize("component", COMPONENTS)
def test_an_expired_session_and_one_of_a_deleted_account_are_refused(
    platform: Platform, api: httpx2.Client, component: str
) -> None:
    platform.clock(mode="stepped")
    expiring = platform.session(component)
    doomed_account = Platform(api, platform.emulator, new_account(api), platform.user)
    orphaned = doomed_account.session(component)
    assert api.delete(f"/v1/accounts/{doomed_account.account}").status_code == 204
    platform.clock(advance_seconds=3600)

    answers: list[httpx2.Response] = []
    for token in (expiring, orphaned):
        with _as_browser(platform, token) as browser:
            answers.append(browser.get("/v1/events", headers={"Accept": "text/event-stream"}))

    assert [(a.status_code, a.json()["code"]) for a in answers] == [
        (401, "invalid_api_key"),
        (401, "invalid_api_key"),
    ]
    assert "expired" in answers[0].json()["error"]
    assert "no longer exists" in answers[1].json()["error"]
