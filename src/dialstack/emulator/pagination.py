"""List queries: ``limit``, seed-era ``starting_after``/``ending_before``, opaque ``page`` tokens.

A page token is ``<payload>.<signature>``: the payload names the direction and the id at the
page's edge; the HMAC also covers the token's binding (tenant, resource, filters), which is
never written into the token. So a token only works for the list it came from, and a forged,
tampered or foreign one (another key, another resource, another search, or a token from an
earlier server process) fails the check and is a 400 ``invalid_pagination``.

Pages are keysets on the time-ordered id, so they stay correct when rows are inserted or
deleted between fetches, and a cursor whose row was deleted still works.
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from . import ids
from .b64url import b64url_decode, b64url_encode
from .errors import InvalidPagination, ValidationFailed
from .store import PageQuery, PageRows

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
_SIGNATURE_BYTES = 16
PAGING_PARAMETERS = frozenset({"limit", "starting_after", "ending_before", "page"})


@dataclass(frozen=True)
class ListRequest:
    """Which list is asked for: ``binding`` names it (tenant, resource, filters)."""

    path: str
    binding: str
    id_prefix: str
    filters: Mapping[str, str]
    """Query parameters the next and previous page URLs must repeat (``search``)."""


class PageTokens:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def issue(self, binding: str, direction: str, edge_id: str) -> str:
        payload = b64url_encode(json.dumps([direction, edge_id], separators=(",", ":")).encode())
        return f"{payload}.{self._sign(binding, payload)}"

    def read(self, binding: str, token: str) -> tuple[str, str]:
        payload, _, signature = token.partition(".")
        # Compared as bytes: a token is client text, and may hold any character.
        expected = self._sign(binding, payload).encode()
        if not hmac.compare_digest(signature.encode("utf-8", "replace"), expected):
            raise InvalidPagination("Invalid page token: it does not belong to this list")
        try:
            direction, edge_id = json.loads(b64url_decode(payload))
        except (ValueError, TypeError) as exc:
            raise InvalidPagination("Invalid page token") from exc
        return str(direction), str(edge_id)

    def _sign(self, binding: str, payload: str) -> str:
        digest = hmac.new(self._secret, f"{binding}\n{payload}".encode(), hashlib.sha256)
        return b64url_encode(digest.digest()[:_SIGNATURE_BYTES])


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
    # An empty cursor is no cursor. A page token wins over the seed-era cursors, which the
    # current API ignores (contract section 4.2); only those two conflict with each other.
    if query.get("page"):
        direction, edge_id = tokens.read(request.binding, query["page"])
        return _keyset(limit, direction == "next", edge_id)
    cursors = [name for name in ("starting_after", "ending_before") if query.get(name)]
    if len(cursors) > 1:
        raise InvalidPagination("Use only one of starting_after and ending_before")
    for name, older in (("starting_after", True), ("ending_before", False)):
        if query.get(name):
            edge_id = query[name]
            if not ids.is_typeid(edge_id, request.id_prefix):
                raise InvalidPagination(f"{name} must be an id like {request.id_prefix}_...")
            return _keyset(limit, older, edge_id)
    return PageQuery(limit)


def _keyset(limit: int, older: bool, edge_id: str) -> PageQuery:
    return PageQuery(limit, after=edge_id) if older else PageQuery(limit, before=edge_id)


def list_body(rows: PageRows, page: PageQuery, tokens: PageTokens, request: ListRequest) -> str:
    """Both list shapes at once: seed-era ``data``/``has_more``, current ``*_page_url``."""

    def page_url(direction: str, edge_id: str) -> str:
        token = tokens.issue(request.binding, direction, edge_id)
        query = {"limit": str(page.limit), **request.filters, "page": token}
        return f"{request.path}?{urlencode(query)}"

    next_url = page_url("next", rows.ids[-1]) if rows.ids and rows.has_older else None
    previous_url = page_url("previous", rows.ids[0]) if rows.ids and rows.has_newer else None
    has_more = rows.has_newer if page.before is not None else rows.has_older
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
    return f'{envelope[:-1]},"data":[{",".join(rows.documents)}]}}'
