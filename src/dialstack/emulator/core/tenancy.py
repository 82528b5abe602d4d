"""Secret key -> tenant. Each distinct ``sk_test_`` key is its own platform.

The tenant is named by a digest of the key (a SHA-256 prefix), so neither the database nor
the request log ever holds a key.
"""

import hashlib
import re

from ..._redact import redact_key
from .errors import AuthenticationRequired, InvalidApiKey

TEST_PREFIX = "sk_test_"
LIVE_PREFIX = "sk_live_"
_TEST_KEY = re.compile(r"sk_test_[A-Za-z0-9_]+")


def tenant_of_key(api_key: str) -> str:
    """The tenant id of a key: a digest, so that no key is ever stored."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:24]


class Authenticator:
    """Checks ``Authorization`` headers; remembers the tenants of keys it has seen, for speed."""

    def __init__(self, required_key: str | None) -> None:
        self._required_key = required_key
        self._tenants: dict[str, str] = {}

    def tenant(self, authorization: str | None) -> str:
        """The tenant of a valid ``Bearer sk_test_...`` header.

        Raises:
            AuthenticationRequired: no header, or not a bearer token.
            InvalidApiKey: a live key, a malformed key, or not the key ``--api-key`` requires.
        """
        if authorization is None:
            raise AuthenticationRequired(
                "No API key provided: send 'Authorization: Bearer sk_test_...'"
            )
        scheme, _, api_key = authorization.partition(" ")
        if scheme.lower() != "bearer" or not api_key:
            raise AuthenticationRequired(
                "Malformed Authorization header: expected 'Bearer sk_test_...'"
            )
        tenant = self._tenants.get(api_key)
        if tenant is not None:
            return tenant
        if api_key.startswith(LIVE_PREFIX):
            raise InvalidApiKey(
                "The DialStack emulator never accepts live keys (sk_live_...): use a sk_test_ key"
            )
        if _TEST_KEY.fullmatch(api_key) is None:
            raise InvalidApiKey(f"Invalid API key: {redact_key(api_key)}")
        if self._required_key is not None and api_key != self._required_key:
            raise InvalidApiKey(
                f"Invalid API key {redact_key(api_key)}: this emulator requires another key"
            )
        tenant = self._tenants[api_key] = tenant_of_key(api_key)
        return tenant
