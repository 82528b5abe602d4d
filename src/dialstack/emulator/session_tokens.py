"""Account session client secrets: HS256 JWTs (RFC 7519) signed with the stdlib's hmac."""

import hashlib
import hmac
import json
from typing import Any

from .b64url import b64url_encode

_HEADER = {"alg": "HS256", "typ": "JWT"}


def sign(claims: dict[str, Any], secret: bytes) -> str:
    signing_input = f"{_segment(_HEADER)}.{_segment(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url_encode(signature)}"


def _segment(value: dict[str, Any]) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode())
