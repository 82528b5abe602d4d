"""Short HMAC-SHA256 signatures of the emulator's own links and tokens (page tokens, media
links): 16 bytes, unpadded base64url, over the parts joined by newlines."""

import hashlib
import hmac

from .b64url import b64url_encode

_SIGNATURE_BYTES = 16


def signature(secret: bytes, *parts: str) -> str:
    digest = hmac.new(secret, "\n".join(parts).encode(), hashlib.sha256).digest()
    return b64url_encode(digest[:_SIGNATURE_BYTES])


def is_signed(text: str, secret: bytes, *parts: str) -> bool:
    """Whether ``text`` (client text, any characters) is the signature of ``parts``."""
    expected = signature(secret, *parts).encode()
    return hmac.compare_digest(text.encode("utf-8", "replace"), expected)
