"""The one keyset page, on a real SQLite table, for keys of every kind the lists use: a
time-ordered id, a time and the id, and a key that is no TypeID (an extension number) listed
in ascending order. Walking next pages, then previous pages, visits every row once, in order,
whatever was inserted or deleted at the edges between two pages."""

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialstack.emulator.core.db import Database
from dialstack.emulator.core.pages import Keyset, PageQuery, PageRows, keyset_page

_SCHEMA = """
CREATE TABLE IF NOT EXISTS numbers (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS timed (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    sort_us INTEGER NOT NULL,
    document TEXT NOT NULL
);
"""
ASCENDING = Keyset("numbers", descending=False)
DESCENDING = Keyset("numbers")
TIMED = Keyset("timed", key=("sort_us", "id"))


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database(":memory:")
    database.open(_SCHEMA, [])
    try:
        yield database
    finally:
        database.close()


def _fill(db: Database, keys: list[str], tenant: str = "t") -> None:
    for key in keys:
        db.execute(
            "INSERT INTO numbers (id, tenant, document) VALUES (?, ?, ?)",
            (key, tenant, f'"{key}"'),
        )


def _page(db: Database, keyset: Keyset, page: PageQuery) -> PageRows:
    return keyset_page(db, keyset, "tenant = ?", ("t",), page)


def _walk(db: Database, keyset: Keyset, limit: int) -> tuple[list[str], list[str]]:
    """Every row by next pages from the first, then back by previous pages from the last."""
    forward: list[str] = []
    pages = [_page(db, keyset, PageQuery(limit))]
    while True:
        forward += [row.edge for row in pages[-1].rows]
        if not pages[-1].has_next:
            break
        pages.append(_page(db, keyset, PageQuery(limit, after=pages[-1].rows[-1].edge)))
    backward: list[str] = [row.edge for row in pages[-1].rows][::-1]
    current = pages[-1]
    while current.has_previous:
        current = _page(db, keyset, PageQuery(limit, before=current.rows[0].edge))
        backward += [row.edge for row in current.rows][::-1]
    return forward, backward


@settings(max_examples=60, deadline=None)
@given(
    keys=st.sets(st.from_regex(r"[0-9]{2,6}", fullmatch=True), max_size=40),
    limit=st.integers(1, 7),
    descending=st.booleans(),
)
def test_every_row_once_in_order_both_ways(keys: set[str], limit: int, descending: bool) -> None:
    database = Database(":memory:")
    database.open(_SCHEMA, [])
    _fill(database, sorted(keys))
    keyset = DESCENDING if descending else ASCENDING
    try:
        forward, backward = _walk(database, keyset, limit)
    finally:
        database.close()

    in_order = sorted(keys, reverse=descending)
    assert forward == in_order
    assert backward == in_order[::-1]


def test_extension_numbers_run_up_and_a_gone_edge_still_pages(db: Database) -> None:
    _fill(db, ["101", "102", "103", "104", "105"])
    first = _page(db, ASCENDING, PageQuery(2))
    db.execute("DELETE FROM numbers WHERE id = '102'")  # the first page's edge goes
    _fill(db, ["100"])  # a row before the page appears
    second = _page(db, ASCENDING, PageQuery(2, after=first.rows[-1].edge))
    back = _page(db, ASCENDING, PageQuery(2, before=second.rows[0].edge))

    assert [row.edge for row in first.rows] == ["101", "102"]
    assert (first.has_next, first.has_previous) == (True, False)
    assert [row.edge for row in second.rows] == ["103", "104"]
    assert (second.has_next, second.has_previous) == (True, True)
    assert [row.edge for row in back.rows] == ["100", "101"]
    assert (back.has_next, back.has_previous) == (True, False)


def test_a_time_and_id_key_pages_newest_first_and_reads_a_bare_id(db: Database) -> None:
    for row_id, sort_us in [("c_1", 30), ("c_2", 10), ("c_3", 20), ("c_4", 20)]:
        db.execute(
            "INSERT INTO timed (id, tenant, sort_us, document) VALUES (?, 't', ?, '{}')",
            (row_id, sort_us),
        )
    first = _page(db, TIMED, PageQuery(2))
    after_edge = _page(db, TIMED, PageQuery(2, after=first.rows[-1].edge))
    after_bare_id = _page(db, TIMED, PageQuery(2, after="c_4"))

    assert [row.edge for row in first.rows] == ["30:c_1", "20:c_4"]
    assert [row.edge for row in after_edge.rows] == ["20:c_3", "10:c_2"]
    assert after_bare_id == after_edge
    assert after_edge.has_next is False
