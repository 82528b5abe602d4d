"""Pure decisions, table-tested: Retry-After, error bodies, next pages, argument checks."""

from datetime import UTC, datetime
from typing import Any

import httpx2
import pytest

import dialstack
from dialstack._cursor import Cursor
from dialstack._errors import DialStackError, error_from_response
from dialstack._json import decode_leniently
from dialstack._pagination import cursor_after
from dialstack._redact import redact_key
from dialstack._retry import parse_retry_after

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
BASE = "https://api.dialstack.test"


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("0", 0.0),
        ("2", 2.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("Wed, 25 Nov 2026 12:00:30 GMT", 30.0),
        ("Wed, 25 Nov 2026 11:59:00 GMT", 0.0),
        ("soon", None),
        ("nan", None),
        ("inf", None),
        ("", None),
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def read_error(response: httpx2.Response) -> DialStackError:
    return error_from_response(response, decode_leniently(response.content))


def respond(status: int, body: Any = None, text: str | None = None) -> httpx2.Response:
    headers = {"X-Request-Id": "req_123"}
    if text is not None:
        return httpx2.Response(status, text=text, headers=headers)
    return httpx2.Response(status, json=body, headers=headers)


@pytest.mark.parametrize(
    ("response", "cls", "message", "code"),
    [
        (
            respond(404, {"error": "No such account", "code": "resource_missing"}),
            dialstack.DialStackNotFoundError,
            "No such account",
            "resource_missing",
        ),
        (
            respond(403, {"message": "Forbidden"}),
            dialstack.DialStackPermissionError,
            "Forbidden",
            None,
        ),
        (
            respond(400, {"error": {"message": "Bad email", "code": "validation_error"}}),
            dialstack.DialStackValidationError,
            "Bad email",
            "validation_error",
        ),
        (
            respond(400, {"error": {"message": "Bad", "type": "validation_error"}}),
            dialstack.DialStackValidationError,
            "Bad",
            None,
        ),
        (
            respond(400, {"error": "Unknown parameter", "code": "parameter_unknown"}),
            dialstack.DialStackInvalidRequestError,
            "Unknown parameter",
            "parameter_unknown",
        ),
        (respond(422, {"error": "Nope"}), dialstack.DialStackValidationError, "Nope", None),
        (
            respond(401, {"error": "Bad key"}),
            dialstack.DialStackAuthenticationError,
            "Bad key",
            None,
        ),
        (respond(409, {"error": "Taken"}), dialstack.DialStackConflictError, "Taken", None),
        (
            respond(418, {}),
            dialstack.DialStackInvalidRequestError,
            "DialStack answered HTTP 418",
            None,
        ),
        (
            respond(502, text="<html>Bad Gateway</html>"),
            dialstack.DialStackAPIError,
            "DialStack answered HTTP 502",
            None,
        ),
        (
            respond(500, ["not", "an", "object"]),
            dialstack.DialStackAPIError,
            "DialStack answered",
            None,
        ),
    ],
)
def test_every_error_shape_reads_into_its_class(
    response: httpx2.Response, cls: type[dialstack.DialStackError], message: str, code: str | None
) -> None:
    error = read_error(response)
    assert type(error) is cls
    assert error.message.startswith(message)
    assert error.code == code
    assert error.status_code == response.status_code
    assert error.request_id == "req_123"


def test_error_keeps_param_details_and_the_whole_body() -> None:
    body = {"error": "Invalid email", "code": "validation_error", "details": {"field": "email"}}
    error = read_error(respond(400, {**body, "existing_device": "dev_1"}))
    assert error.param == "email"
    assert error.details == {"field": "email"}
    assert error.raw["existing_device"] == "dev_1"
    stripe_style = {"error": {"message": "m", "param": "address.city", "doc_url": "https://d"}}
    error = read_error(respond(400, stripe_style))
    assert (error.param, error.doc_url) == ("address.city", "https://d")


def test_rate_limit_error_carries_retry_after() -> None:
    response = httpx2.Response(429, json={"error": "Slow down"}, headers={"Retry-After": "120"})
    error = read_error(response)
    assert isinstance(error, dialstack.DialStackRateLimitError)
    assert error.retry_after == 120.0


def test_errors_survive_pickling() -> None:
    import pickle

    error = read_error(respond(404, {"error": "gone", "code": "resource_missing"}))
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is dialstack.DialStackNotFoundError
    assert (copy.message, copy.code, copy.request_id) == ("gone", "resource_missing", "req_123")


FIRST = Cursor(BASE + "/v1/accounts", {"limit": 2})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # current era: the link wins, has_more is ignored
        ({"data": [{"id": "a"}], "next_page_url": "/v1/accounts?page=t", "has_more": False},
         Cursor(BASE + "/v1/accounts?page=t", {})),
        ({"data": [{"id": "a"}], "next_page_url": None, "has_more": True}, None),
        # the older cursor: starting_after the last id while has_more
        ({"data": [{"id": "a"}, {"id": "b"}], "has_more": True},
         Cursor(BASE + "/v1/accounts", {"limit": 2, "starting_after": "b"})),
        ({"data": [{"id": "a"}], "has_more": False}, None),
        ({"data": [], "has_more": True}, None),
        # an absolute link to the same origin is followed as given
        ({"data": [], "next_page_url": BASE + "/v1/accounts?page=u"},
         Cursor(BASE + "/v1/accounts?page=u", {})),
    ],
)  # fmt: skip
def test_next_page_for_both_list_shapes(body: dict[str, Any], expected: Cursor | None) -> None:
    assert cursor_after(body, FIRST, BASE) == expected


def test_paging_backwards_continues_backwards() -> None:
    first = Cursor(BASE + "/v1/accounts", {"ending_before": "z"})
    body = {"data": [{"id": "y"}, {"id": "x"}], "has_more": True}
    assert cursor_after(body, first, BASE) == Cursor(first.url, {"ending_before": "y"})


@pytest.mark.parametrize(
    "link",
    ["https://evil.test/v1/accounts?page=t", "http://api.dialstack.test/v1/accounts",
     "https://api.dialstack.test:8443/v1/accounts"],
)  # fmt: skip
def test_a_next_page_link_to_another_origin_is_refused(link: str) -> None:
    with pytest.raises(dialstack.DialStackAPIError, match="another origin"):
        cursor_after({"data": [], "next_page_url": link}, FIRST, BASE)


def test_a_relative_link_keeps_the_base_url_path_prefix() -> None:
    base = "https://proxy.test/dialstack"
    body: dict[str, Any] = {"data": [], "next_page_url": "/v1/users?page=t"}
    assert cursor_after(body, FIRST, base) == Cursor(base + "/v1/users?page=t", {})


@pytest.mark.parametrize(
    ("key", "shown"),
    [("sk_test_abcdefghijklmnopqrstuvwxyz", "sk_test_…wxyz"), ("sk_live_short", "sk_live_…"),
     ("whatever", "…")],
)  # fmt: skip
def test_redacted_keys_never_show_more_than_four_characters(key: str, shown: str) -> None:
    assert redact_key(key) == shown


def test_the_repeat_guard_catches_a_cycle_yet_remembers_only_a_window() -> None:
    from dialstack._pagination import REPEAT_WINDOW, RepeatGuard

    def page(n: int) -> Cursor:
        return Cursor(BASE + f"/v1/accounts?page={n}", {})

    guard = RepeatGuard(page(0))
    for n in range(1, 5):
        guard.check(page(n))
    with pytest.raises(dialstack.DialStackAPIError, match="repeated"):
        guard.check(page(2))  # a cycle back to a recent page

    long_walk = RepeatGuard(page(0))
    for n in range(1, REPEAT_WINDOW * 10):
        long_walk.check(page(n))
    assert len(long_walk._seen) == REPEAT_WINDOW  # pyright: ignore[reportPrivateUsage]
