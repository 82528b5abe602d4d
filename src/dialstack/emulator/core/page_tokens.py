"""Opaque ``page`` tokens of list answers.

A page token is ``<payload>.<signature>``: the payload names the direction and the edge of
the page; the signature also covers the token's binding (tenant, resource, filters), which is
never written into the token. So a token only works for the list it came from, and a forged,
tampered or foreign one (another key, another resource, another search, or a token from an
earlier server process) fails the check and is a 400 ``invalid_pagination``.
"""

import json

from .b64url import b64url_decode, b64url_encode
from .errors import InvalidPagination
from .signing import is_signed, signature


class PageTokens:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def issue(self, binding: str, direction: str, edge: str) -> str:
        payload = b64url_encode(json.dumps([direction, edge], separators=(",", ":")).encode())
        return f"{payload}.{signature(self._secret, binding, payload)}"

    def read(self, binding: str, token: str) -> tuple[str, str]:
        payload, _, signed = token.partition(".")
        if not is_signed(signed, self._secret, binding, payload):
            raise InvalidPagination("Invalid page token: it does not belong to this list")
        try:
            direction, edge = json.loads(b64url_decode(payload))
        except (ValueError, TypeError) as exc:
            raise InvalidPagination("Invalid page token") from exc
        return str(direction), str(edge)
