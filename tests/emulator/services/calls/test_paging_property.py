"""Property: whatever the calls' durations and the page size, walking next_page_url (and
back with previous_page_url) gives every call once, newest started first."""

from datetime import datetime

import httpx2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialstack.emulator import EmulatorHandle

from .conftest import Platform, new_account, new_user


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    talks=st.lists(st.integers(min_value=0, max_value=5000), min_size=0, max_size=12),
    limit=st.integers(min_value=1, max_value=5),
)
def test_walks_are_complete_and_newest_first(
    api: httpx2.Client, dialstack_emulator: EmulatorHandle, talks: list[int], limit: int
) -> None:
    account = new_account(api, records=False)
    platform = Platform(api, dialstack_emulator, account, new_user(api, account))
    created = [
        platform.simulate(scenario={"outcome": "answered", "ring_seconds": 0, "talk_seconds": t})[
            "id"
        ]
        for t in talks
    ]

    forward: list[dict[str, str]] = []
    pages = [platform.get("/v1/calls", limit=limit).json()]
    forward += pages[0]["data"]
    while pages[-1]["next_page_url"] is not None:
        pages.append(platform.http.get(pages[-1]["next_page_url"], headers=platform.headers).json())
        forward += pages[-1]["data"]
    backward: list[dict[str, str]] = list(pages[-1]["data"])
    page = pages[-1]
    while page["previous_page_url"] is not None:
        page = platform.http.get(page["previous_page_url"], headers=platform.headers).json()
        backward = page["data"] + backward

    keys = [(datetime.fromisoformat(c["started_at"]), c["id"]) for c in forward]
    assert sorted(c["id"] for c in forward) == sorted(created)
    assert keys == sorted(keys, reverse=True)
    assert [c["id"] for c in backward] == [c["id"] for c in forward]
