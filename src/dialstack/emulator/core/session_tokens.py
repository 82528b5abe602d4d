"""Account session client secrets: HS256 JWTs (RFC 7519) signed with the stdlib's hmac."""

import hashlib
import hmac
import json
from typing import Any, cast

from .b64url import b64url_decode, b64url_encode

_HEADER = {"alg": "HS256", "typ": "JWT"}


def sign(claims: dict[str, Any], secret: bytes) -> str:
    signing_input = f"{_segment(_HEADER)}.{_segment(claims)}"
    return f"{signing_input}.{b64url_encode(_mac(secret, signing_input))}"


def verified_claims(token: str, secret: bytes) -> dict[str, Any] | None:
    """The claims of a token of three dot-separated parts that ``secret`` signed, else None."""
    header, claims, signature = token.split(".")
    try:
        valid = hmac.compare_digest(b64url_decode(signature), _mac(secret, f"{header}.{claims}"))
        decoded = json.loads(b64url_decode(claims)) if valid else None
    except ValueError:
        decoded = None
    return cast("dict[str, Any]", decoded) if isinstance(decoded, dict) else None


def _mac(secret: bytes, signing_input: str) -> bytes:
    return hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()


def _segment(value: dict[str, Any]) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode())
