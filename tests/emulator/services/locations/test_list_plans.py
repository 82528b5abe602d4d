"""The lists of locations, shared voicemail boxes and audio clips read an account's rows by
its own index, in the list's order, on every page (none of them takes a filter)."""

from collections.abc import Callable

import pytest

from dialstack.emulator.core.pages import PageQuery, PageRows
from dialstack.emulator.core.runtime import Runtime
from dialstack.emulator.services.audio_clips.tables import ClipTables
from dialstack.emulator.services.locations.tables import LocationTables
from dialstack.emulator.services.voicemail_boxes.tables import BoxTables

from ..query_plans import query_plans

_TENANT, _ACCOUNT = "tenant", "acct_01"

Pager = Callable[[Runtime, PageQuery], PageRows]


def _locations(runtime: Runtime, page: PageQuery) -> PageRows:
    return LocationTables(runtime.db).page(_TENANT, _ACCOUNT, page)


def _boxes(runtime: Runtime, page: PageQuery) -> PageRows:
    return BoxTables(runtime.db).page(_TENANT, _ACCOUNT, page)


def _clips(runtime: Runtime, page: PageQuery) -> PageRows:
    return ClipTables(runtime.db).page(_TENANT, _ACCOUNT, page)


@pytest.mark.parametrize(
    ("pager", "index", "cursor"),
    [
        (_locations, "locations", "loc_01"),
        (_boxes, "shared_voicemail_boxes", "svm_01"),
        (_clips, "audio_clips", "clip_01"),
    ],
    ids=["locations", "shared_voicemail_boxes", "audio_clips"],
)
def test_each_list_reads_the_accounts_index(
    runtime: Runtime, pager: Pager, index: str, cursor: str
) -> None:
    for page in (PageQuery(10), PageQuery(10, after=cursor), PageQuery(10, before=cursor)):

        def read_page(page: PageQuery = page) -> PageRows:
            return pager(runtime, page)

        plans = query_plans(runtime, read_page)

        reads = [step for plan in plans for step in plan if index in step]
        assert reads, plans
        assert all(f"INDEX {index}_by_account " in step for step in reads), plans
        assert not any("TEMP B-TREE" in step for plan in plans for step in plan), plans
