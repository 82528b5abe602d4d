"""Date filters read everything RFC 3339 admits, as the description says they may be: a
leap second and year 0000, on calls and voicemails alike."""

import pytest

from .conftest import Platform


@pytest.mark.parametrize("path", ["/v1/calls", "/v1/voicemails"])
def test_year_zero_and_a_leap_second_are_dates_the_filters_read(
    platform: Platform, path: str
) -> None:
    platform.simulate(scenario={"outcome": "voicemail", "ring_seconds": 0, "voicemail_seconds": 5})

    since_year_zero = platform.get(path, from_date="0000-01-01")
    leap_second_ago = platform.get(path, from_date="2016-12-31T23:59:60Z")
    leap_second_ahead = platform.get(path, from_date="9998-12-31T23:59:60.5Z")

    for answer in (since_year_zero, leap_second_ago, leap_second_ahead):
        assert answer.status_code == 200, answer.text
    assert len(since_year_zero.json()["data"]) == 1
    assert len(leap_second_ago.json()["data"]) == 1
    assert leap_second_ahead.json()["data"] == []


def test_year_zero_as_an_upper_bound_finds_no_call(
    platform: Platform,
) -> None:
    platform.simulate()

    until_year_zero = platform.get("/v1/calls", to_date="0000-12-31T23:59:60Z")
    leap_day_of_year_zero = platform.get("/v1/calls", to_date="0000-02-29")
    not_a_date = platform.get("/v1/calls", to_date="0000-02-30")

    assert until_year_zero.status_code == 200, until_year_zero.text
    assert until_year_zero.json()["data"] == []
    assert leap_day_of_year_zero.status_code == 200, leap_day_of_year_zero.text
    assert not_a_date.status_code == 400
