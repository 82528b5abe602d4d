"""Date filters take a ``datetime`` (aware) or a ``date`` as well as ISO 8601 text, typed so;
a naive ``datetime`` is refused before anything is sent."""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx2
import pytest

from dialstack import DialStack


def _recorded_query(**filters: Any) -> dict[str, str]:
    """The query ``calls.list`` sends for ``filters``, seen by a stub transport."""
    seen: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json={"object": "list", "url": "/v1/calls", "data": []})

    http = httpx2.Client(transport=httpx2.MockTransport(answer))
    with DialStack(
        api_key="sk_test_dates", api_url="http://127.0.0.1:9", http_client=http
    ) as client:
        client.calls.list(dialstack_account="acct_1", **filters)
    http.close()
    return dict(seen[0].url.params)


def test_an_aware_datetime_is_sent_as_rfc_3339() -> None:
    query = _recorded_query(
        from_date=datetime(2026, 1, 1, 9, 30, tzinfo=UTC),
        to_date=datetime(2026, 1, 2, tzinfo=timezone(timedelta(hours=2))),
    )

    assert query["from_date"] == "2026-01-01T09:30:00Z"
    assert query["to_date"] == "2026-01-02T00:00:00+02:00"


def test_a_date_is_sent_as_a_date_alone_and_a_string_as_it_is() -> None:
    query = _recorded_query(from_date=date(2026, 1, 1), to_date="2026-02-01T00:00:00Z")

    assert (query["from_date"], query["to_date"]) == ("2026-01-01", "2026-02-01T00:00:00Z")


def test_a_naive_datetime_is_refused_before_sending() -> None:
    with pytest.raises(ValueError, match=r"to_date must be an aware datetime.*2026-01-01T00:00"):
        _recorded_query(to_date=datetime(2026, 1, 1))


def test_another_type_is_a_type_error_naming_what_it_takes() -> None:
    with pytest.raises(TypeError, match=r"from_date.*str or datetime or date"):
        _recorded_query(from_date=1767225600)


def test_the_emulator_filters_by_a_datetime_and_a_date(dialstack_client: DialStack) -> None:
    account = dialstack_client.accounts.create(email="dates@example.com").id
    client = dialstack_client.with_options(dialstack_account=account)
    user = client.users.create(name="Ada").id
    call = client.test_helpers.calls.create(user=user).id

    assert [c.id for c in client.calls.list(from_date=date(2020, 1, 1)).data] == [call]
    assert client.calls.list(from_date=datetime.now(UTC) + timedelta(days=1)).data == []
    assert [c.id for c in client.voicemails.list(from_date=date(2999, 1, 1)).data] == []
