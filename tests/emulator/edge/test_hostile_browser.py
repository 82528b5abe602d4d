"""The emulator from a hostile web page: DNS rebinding, cross-site requests, forwarded
headers, redirects built from Host, and secrets in the request log."""

import json
import socket
from collections.abc import Iterator

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator import Emulator

KEY = "sk_test_hostile_browser_0001"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROL = [
    ("POST", "/_emulator/reset"),
    ("POST", "/_emulator/faults"),
    ("GET", "/_emulator/requests"),
    ("DELETE", "/_emulator/faults"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[Emulator]:
    with Emulator(
        allowed_hosts=["emulator.test"], allowed_origins=["https://app.example"]
    ) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def http(server: Emulator) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=server.url, trust_env=False) as client:
        yield client


def foreign_names() -> st.SearchStrategy[str]:
    label = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
    return (
        st.lists(label, min_size=1, max_size=3)
        .map(".".join)
        .filter(lambda name: name not in ("localhost", "emulator.test"))
    )


@SETTINGS
@given(
    name=foreign_names(),
    port=st.sampled_from(["", ":80", ":8787"]),
    target=st.sampled_from(CONTROL),
)
def test_a_foreign_host_name_is_refused(
    http: httpx2.Client, name: str, port: str, target: tuple[str, str]
) -> None:
    method, path = target
    answer = http.request(
        method, path, headers={"Host": name + port, "Content-Type": "application/json"}
    )

    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden"
    assert "--allowed-host" in answer.json()["error"]


@pytest.mark.parametrize(
    "host",
    ["localhost", "LOCALHOST:1234", "127.0.0.1:9", "127.8.9.10", "[::1]:8787", "emulator.test:80"],
)
def test_loopback_and_allowed_host_names_are_answered(http: httpx2.Client, host: str) -> None:
    assert http.get("/_emulator/health", headers={"Host": host}).status_code == 200


@SETTINGS
@given(
    origin=st.one_of(
        foreign_names().map(lambda name: f"https://{name}"),
        foreign_names().map(lambda name: f"http://{name}:3000"),
        st.sampled_from(
            ["null", "file://", "http://127.0.0.1.evil.example", "https://app.example.evil"]
        ),
    ),
    target=st.sampled_from([*CONTROL, ("GET", "/v1/accounts"), ("POST", "/v1/accounts")]),
)
def test_a_foreign_origin_is_refused(
    http: httpx2.Client, origin: str, target: tuple[str, str]
) -> None:
    method, path = target
    headers = {
        "Origin": origin,
        "Content-Type": "application/json",
        "Authorization": f"Bearer {KEY}",
    }

    answer = http.request(method, path, headers=headers, content=b"{}")

    assert answer.status_code == 403, origin
    assert "--allowed-origin" in answer.json()["error"]


@pytest.mark.parametrize(
    "origin",
    ["http://localhost:3000", "http://127.0.0.1:5173", "http://[::1]", "https://app.example"],
)
def test_loopback_and_allowed_origins_are_answered(http: httpx2.Client, origin: str) -> None:
    answer = http.get("/v1/accounts", headers={"Origin": origin, "Authorization": f"Bearer {KEY}"})

    assert answer.status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
    ],
)
@pytest.mark.parametrize("path", ["/_emulator/reset", "/_emulator/faults"])
def test_a_control_write_must_be_json(
    http: httpx2.Client, content_type: str | None, path: str
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    rule = json.dumps({"api_key": KEY, "status": 503}).encode()

    answer = http.post(path, content=rule, headers=headers)

    assert answer.status_code == 415
    assert answer.json()["code"] == "unsupported_media_type"
    assert http.get("/_emulator/faults", params={"api_key": KEY}).json()["data"] == []


def test_a_trailing_slash_is_not_redirected_to_the_hosts_name(http: httpx2.Client) -> None:
    answer = http.get("/v1/accounts/", headers={"Authorization": f"Bearer {KEY}"})

    assert answer.status_code == 404
    assert "location" not in answer.headers


def test_allow_lists_every_method_of_the_path(http: httpx2.Client) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    account = http.post("/v1/accounts", json={}, headers=headers).json()["id"]

    collection = http.patch("/v1/accounts", headers=headers)
    item = http.request("OPTIONS", f"/v1/accounts/{account}", headers=headers)

    assert collection.status_code == item.status_code == 405
    assert collection.headers["allow"] == "GET, HEAD, POST"
    assert item.headers["allow"] == "DELETE, GET, HEAD, POST, PUT"


SECRET_KEY = "sk_live_" + "S3cr3tK3yM4t3r14l" * 2
SESSION_SECRET = "eyJhbGciOiJIUzI1NiJ9.eyJhY2NvdW50IjoiYWNjdF8xIn0.c2lnbmF0dXJlX2J5dGVz"


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Proxy-Authorization", f"Bearer {SECRET_KEY}"),
        ("X-Api-Key", "opaque-value-with-no-prefix-1234"),
        ("Cookie", "session=abcdef0123456789"),
        ("Set-Cookie", "sid=abcdef0123456789"),
        ("X-Session-Token", SESSION_SECRET),
        ("X-Client-Secret", "opaque-value-with-no-prefix-1234"),
        ("X-Anything", f"key={SECRET_KEY}"),
        ("X-Anything", SESSION_SECRET),
    ],
)
def test_the_log_hides_secrets_sent_outside_authorization(
    http: httpx2.Client, server: Emulator, header: str, value: str
) -> None:
    key = server.new_api_key()
    http.post(
        f"/v1/accounts?api_key={SECRET_KEY}&token={SESSION_SECRET}",
        json={"email": "x@example.com", "note": SECRET_KEY, "client_secret": SESSION_SECRET},
        headers={"Authorization": f"Bearer {key}", header: value},
    )

    raw = http.get("/_emulator/requests", params={"api_key": key}).text

    for secret in (SECRET_KEY, SESSION_SECRET, value, key):
        assert secret not in raw
    assert "S3cr3tK3yM4t3r14l" not in raw


def _non_loopback_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect sends nothing
        address: str = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_forwarded_headers_never_make_a_remote_client_local(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    with Emulator(host="0.0.0.0", allowed_hosts=["*"]) as emulator:
        port = emulator.url.rsplit(":", 1)[1]
        answer = httpx2.post(
            f"http://{address}:{port}/_emulator/reset",
            json={},
            headers={"X-Forwarded-For": "127.0.0.1", "Forwarded": "for=127.0.0.1"},
            trust_env=False,
        )

    assert answer.status_code == 403
    assert "loopback" in answer.json()["error"]


PAGE = "http://localhost:5173"  # a page the developer serves on loopback
BROWSER_ROUTES = [("GET", "/v1/calls"), ("POST", "/v1/voicemails/vm_1"), ("GET", "/v1/accounts")]


@pytest.mark.parametrize(("method", "path"), BROWSER_ROUTES)
@pytest.mark.parametrize("origin", [PAGE, "https://app.example"])
def test_a_browser_component_may_call_the_api_from_an_allowed_page(
    http: httpx2.Client, origin: str, method: str, path: str
) -> None:
    preflight = http.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization",
        },
    )
    call = http.request(method, path, headers={"Origin": origin, "Authorization": "Bearer x"})

    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == origin
    assert method in preflight.headers["access-control-allow-methods"]
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    assert call.status_code == 401  # the page can read the refusal of a bad token
    assert call.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize(("method", "path"), [*CONTROL, ("GET", "/_emulator/health")])
def test_no_page_may_read_or_preflight_a_control_endpoint(
    http: httpx2.Client, method: str, path: str
) -> None:
    preflight = http.options(
        path, headers={"Origin": PAGE, "Access-Control-Request-Method": method}
    )
    read = http.get("/_emulator/requests", headers={"Origin": PAGE})

    assert preflight.status_code in (404, 405)
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in read.headers


@SETTINGS
@given(origin=st.sampled_from(["null", "https://evil.example", "http://rebind.evil.example:8787"]))
def test_a_foreign_page_gets_no_preflight(http: httpx2.Client, origin: str) -> None:
    preflight = http.options(
        "/v1/calls", headers={"Origin": origin, "Access-Control-Request-Method": "GET"}
    )

    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers
