"""Session client secrets, of account sessions and of user sessions: HS256 JWTs (RFC 7519)
signed with the stdlib's hmac."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, cast

from .b64url import b64url_decode, b64url_encode

_HEADER = {"alg": "HS256", "typ": "JWT"}


def sign(claims: dict[str, Any], secret: bytes) -> str:
    signing_input = f"{_segment(_HEADER)}.{_segment(claims)}"
    return f"{signing_input}.{b64url_encode(_mac(secret, signing_input))}"


def verified_claims(token: str, secret: bytes) -> dict[str, Any] | None:
    """The claims of a token of three dot-separated parts that ``secret`` signed, else None."""
    try:
        header, claims, signature = token.split(".")
        valid = hmac.compare_digest(b64url_decode(signature), _mac(secret, f"{header}.{claims}"))
        decoded = json.loads(b64url_decode(claims)) if valid else None
    except ValueError:
        decoded = None
    return cast("dict[str, Any]", decoded) if isinstance(decoded, dict) else None


def _mac(secret: bytes, signing_input: str) -> bytes:
    return hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()


def _segment(value: dict[str, Any]) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode())


def user_session_secret(account_session_secret: bytes) -> bytes:
    """The key user sessions are signed with: derived, so neither kind of token passes as
    the other, and ``--seed`` makes both the same on every run."""
    return hmac.new(account_session_secret, b"user-sessions", hashlib.sha256).digest()


@dataclass(frozen=True)
class UserSessionClaims:
    user: str
    account: str
    issued_at: int
    expires_at: int
    revocations: int
    """The user's revocation count when the token was minted: a revoke moves it on, so every
    older token dies at once, even one minted in the same second (``iat`` has seconds)."""

    def as_claims(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "account": self.account,
            "iat": self.issued_at,
            "exp": self.expires_at,
            "revocations": self.revocations,
        }


def user_session_claims(token: str, secret: bytes) -> UserSessionClaims | None:
    """The claims of a user session token ``secret`` signed, when they have the shape we
    mint, else None."""
    claims = verified_claims(token, secret)
    if claims is None:
        return None
    user, account = claims.get("user"), claims.get("account")
    numbers = [claims.get(name) for name in ("iat", "exp", "revocations")]
    if not (isinstance(user, str) and isinstance(account, str)):
        return None
    if not all(isinstance(number, int) and not isinstance(number, bool) for number in numbers):
        return None
    issued_at, expires_at, revocations = cast("list[int]", numbers)
    return UserSessionClaims(user, account, issued_at, expires_at, revocations)
