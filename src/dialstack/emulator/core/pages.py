"""List queries and answers: ``limit``, seed-era ``starting_after``/``ending_before``, opaque
``page`` tokens (``page_tokens``), the one keyset page query and the one list answer.

Pages are keysets on a key unique within the table (a time-ordered id, or a time and the id,
newest first; or a key that is no TypeID, such as an extension number, in ascending order),
so they stay correct when rows are inserted or deleted between fetches, and a cursor whose
row was deleted still works. A page's edge is written as the key's values
joined by ``:`` (``"<sort_us>:<id>"``); a bare id where the key has more columns (a seed-era
``starting_after``) is looked up.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from . import ids
from .api_request import ApiRequest, Reply
from .db import Database
from .errors import InvalidPagination, ValidationFailed
from .page_tokens import PageTokens

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
PAGING_PARAMETERS = frozenset({"limit", "starting_after", "ending_before", "page"})


@dataclass(frozen=True)
class PageQuery:
    """Rows older than ``after`` (the next page) or newer than ``before`` (the previous)."""

    limit: int
    after: str | None = None
    before: str | None = None


@dataclass(frozen=True)
class Row:
    edge: str
    """The row's place in its list."""
    document: str
    extra: str | None
    """The one more column the list asked for (``Keyset.extra``)."""


@dataclass(frozen=True)
class PageRows:
    """A page in the list's order, and whether rows lie past its last (next) and its first
    (previous) row."""

    rows: list[Row]
    has_next: bool
    has_previous: bool


@dataclass(frozen=True)
class Keyset:
    """How a table's lists are ordered: by ``key``, whose last column is unique (the id)."""

    table: str
    key: tuple[str, ...] = ("id",)
    extra: str = "NULL"
    """A column read with each row besides its document (a media path)."""
    descending: bool = True
    """Largest key first: newest first for a time-ordered key. False: ascending, for keys
    read in their own order (extension numbers)."""


@dataclass(frozen=True)
class ListRequest:
    """Which list is asked for: ``binding`` names it (tenant, resource, filters)."""

    path: str
    binding: str
    id_prefix: str | None
    """The TypeID prefix a ``starting_after``/``ending_before`` must have; None where the
    list's key is no TypeID (the cursor is then the key's value)."""
    filters: Mapping[str, str]
    """Query parameters the next and previous page URLs must repeat (``search``)."""


def keyset_page(
    db: Database, keyset: Keyset, where: str, params: Sequence[object], page: PageQuery
) -> PageRows:
    """The page of the rows matching ``where`` that ``page`` asks for."""
    key = f"({', '.join(keyset.key)})"
    edge = " || ':' || ".join(keyset.key)
    select = f"SELECT {edge}, document, {keyset.extra} FROM {keyset.table} WHERE {where}"  # noqa: S608
    fetch = page.limit + 1
    # "Onward" is the list's direction: the next page holds the keys onward of its edge.
    onward, back = ("<", ">") if keyset.descending else (">", "<")
    order, reverse = ("DESC", "ASC") if keyset.descending else ("ASC", "DESC")
    if page.before is not None:
        found = db.execute(
            f"{select} AND {key} {back} {_marks(keyset)} ORDER BY {_order(keyset, reverse)}"
            " LIMIT ?",
            (*params, *_edge(db, keyset, page.before, where, params), fetch),
        ).fetchall()
        more_ahead = len(found) > page.limit
        found = found[: page.limit][::-1]
    else:
        after_sql, after_params = "", tuple[object, ...]()
        if page.after is not None:
            after_sql = f" AND {key} {onward} {_marks(keyset)}"
            after_params = _edge(db, keyset, page.after, where, params)
        found = db.execute(
            f"{select}{after_sql} ORDER BY {_order(keyset, order)} LIMIT ?",
            (*params, *after_params, fetch),
        ).fetchall()
        more_ahead = len(found) > page.limit
        found = found[: page.limit]
    rows = [Row(str(row[0]), row[1], row[2]) for row in found]

    def beyond(operator: str, row: Row) -> bool:
        exists = db.execute(
            f"SELECT EXISTS (SELECT 1 FROM {keyset.table} WHERE {where}"  # noqa: S608
            f" AND {key} {operator} {_marks(keyset)})",
            (*params, *_edge(db, keyset, row.edge, where, params)),
        ).fetchone()
        return bool(exists[0])

    if page.before is not None:
        return PageRows(rows, bool(rows) and beyond(onward, rows[-1]), more_ahead)
    newer = page.after is not None and bool(rows) and beyond(back, rows[0])
    return PageRows(rows, more_ahead, newer)


def _marks(keyset: Keyset) -> str:
    return f"({', '.join('?' * len(keyset.key))})"


def _order(keyset: Keyset, direction: str) -> str:
    return ", ".join(f"{column} {direction}" for column in keyset.key)


def _edge(
    db: Database, keyset: Keyset, edge: str, where: str, params: Sequence[object]
) -> tuple[object, ...]:
    """The key values an edge names; the leading ones of a longer key are integers (times).

    A bare id where the key is longer is looked up among the rows of this list (``where``):
    another platform's, another account's or a filtered-out id is refused as an unknown one
    is, so a cursor never tells whether a row exists outside the list.
    """
    if len(keyset.key) == 1:
        return (edge,)
    *leading, row_id = edge.split(":", len(keyset.key) - 1)
    if len(leading) == len(keyset.key) - 1 and all(part.isdigit() for part in leading):
        return (*map(int, leading), row_id)
    row = db.execute(
        f"SELECT {', '.join(keyset.key[:-1])} FROM {keyset.table}"  # noqa: S608
        f" WHERE id = ? AND {where}",
        (edge, *params),
    ).fetchone()
    if row is None:
        raise InvalidPagination(f"No such row to page from: {edge!r}")
    return (*row, edge)


def parse_limit(query: Mapping[str, str]) -> int:
    raw = query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise ValidationFailed("limit", "limit must be an integer") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed("limit", f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def page_query(query: Mapping[str, str], tokens: PageTokens, request: ListRequest) -> PageQuery:
    """The keyset a list query asks for.

    Raises:
        ValidationFailed: ``limit`` is not an integer in 1..100.
        InvalidPagination: more than one cursor, a malformed cursor id, or a bad token.
    """
    limit = parse_limit(query)
    # An empty cursor is no cursor. A page token wins over the seed-era cursors (the current
    # API ignores them beside a token); only those two conflict with each other.
    if query.get("page"):
        direction, edge = tokens.read(request.binding, query["page"])
        return _keyset(limit, direction == "next", edge)
    cursors = [name for name in ("starting_after", "ending_before") if query.get(name)]
    if len(cursors) > 1:
        raise InvalidPagination("Use only one of starting_after and ending_before")
    for name, older in (("starting_after", True), ("ending_before", False)):
        if query.get(name):
            edge = query[name]
            if request.id_prefix is not None and not ids.is_typeid(edge, request.id_prefix):
                raise InvalidPagination(f"{name} must be an id like {request.id_prefix}_...")
            return _keyset(limit, older, edge)
    return PageQuery(limit)


def _keyset(limit: int, older: bool, edge: str) -> PageQuery:
    return PageQuery(limit, after=edge) if older else PageQuery(limit, before=edge)


def list_body(
    rows: PageRows, shown: Sequence[str], page: PageQuery, tokens: PageTokens, request: ListRequest
) -> str:
    """Both list shapes at once: seed-era ``data``/``has_more``, current ``*_page_url``."""

    def page_url(direction: str, edge: str) -> str:
        token = tokens.issue(request.binding, direction, edge)
        query = {"limit": str(page.limit), **request.filters, "page": token}
        return f"{request.path}?{urlencode(query)}"

    found = rows.rows
    next_url = page_url("next", found[-1].edge) if found and rows.has_next else None
    previous_url = page_url("previous", found[0].edge) if found and rows.has_previous else None
    has_more = rows.has_previous if page.before is not None else rows.has_next
    envelope = json.dumps(
        {
            "object": "list",
            "url": request.path,
            "has_more": has_more,
            "next_page_url": next_url,
            "previous_page_url": previous_url,
        },
        separators=(",", ":"),
    )
    return f'{envelope[:-1]},"data":[{",".join(shown)}]}}'


def list_reply(
    call: ApiRequest,
    request: ListRequest,
    fetch: Callable[[PageQuery], PageRows],
    show: Callable[[Row], str] | None = None,
) -> Reply:
    """The answer of a list handler: the page the query asks for, each row ``show``n (its
    stored document when None)."""
    tokens = call.runtime.page_tokens
    page = page_query(call.query, tokens, request)
    rows = fetch(page)
    shown = [row.document if show is None else show(row) for row in rows.rows]
    return 200, list_body(rows, shown, page, tokens, request)


def list_filters(query: Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    """The list's own query parameters, which its page URLs repeat and its tokens bind."""
    return {name: query[name] for name in names if name in query and name not in PAGING_PARAMETERS}
