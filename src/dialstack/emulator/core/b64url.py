"""Unpadded base64url (RFC 4648 section 5), as JWTs and page tokens write it."""

import base64
import binascii


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Raises ValueError for anything that is not canonical unpadded base64url: the one
    spelling ``b64url_encode`` writes, so no two strings are the same token (the decoder
    alone skips characters outside the alphabet, takes padding, and ignores the last
    character's spare bits)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("not base64url") from exc
    if b64url_encode(raw) != text:
        raise ValueError("not canonical base64url")
    return raw
