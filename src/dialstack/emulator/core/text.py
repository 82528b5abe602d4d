"""Text compared as people read it."""

import unicodedata


def caseless(text: str) -> str:
    """Unicode canonical caseless form: ``ÄDA@x.com``, ``äda@x.com`` and ``a\u0308da@x.com``
    are one address."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())
