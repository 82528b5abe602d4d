"""What the request log hides: every secret a client may send, wherever it sends it.

Headers that carry credentials by name (``Authorization``, ``Proxy-Authorization``,
``Cookie``, ``Set-Cookie``, and any name with key, token, secret, password, session, auth
or cookie in it) are shown only as their kind; and any value anywhere (header, path,
query, body) that looks like an API key (``sk_live_…``, ``sk_test_…``) or a session client
secret (a JWT) is replaced by its redacted form.
"""

import re

from ..._redact import redact_key

_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization"})
_SECRET_NAME = re.compile(r"key|token|secret|passw|session|auth|cookie|credential", re.IGNORECASE)
_NOT_SECRET = frozenset({"idempotency-key"})  # a retry's name, which tests assert on
_API_KEY = re.compile(r"sk_(?:live|test)_[A-Za-z0-9_]*")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
HIDDEN = "…"


def redact_header(name: str, value: str) -> str:
    """``name`` lower-cased."""
    if name in _CREDENTIAL_HEADERS:
        scheme, _, credential = value.partition(" ")
        return f"{scheme} {redact_key(credential)}" if credential else HIDDEN
    if name not in _NOT_SECRET and _SECRET_NAME.search(name):
        return HIDDEN
    return redact_text(value)


def redact_text(text: str) -> str:
    if "sk_" in text:
        text = _API_KEY.sub(lambda match: redact_key(match.group()), text)
    if "eyJ" in text:
        text = _JWT.sub("eyJ" + HIDDEN, text)
    return text
