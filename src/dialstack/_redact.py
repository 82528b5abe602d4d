"""How a secret key may appear anywhere the SDK prints, logs or raises: never in full."""

_KNOWN_PREFIXES = ("sk_test_", "sk_live_")
_VISIBLE_TAIL = 4
_MIN_LENGTH_FOR_TAIL = 20  # a short key would give away too much of itself


def redact_key(key: str) -> str:
    """``sk_test_…wxyz``: the mode prefix and, for a long key, its last four characters."""
    prefix = next((p for p in _KNOWN_PREFIXES if key.startswith(p)), "")
    tail = key[-_VISIBLE_TAIL:] if len(key) >= _MIN_LENGTH_FOR_TAIL else ""
    return f"{prefix}…{tail}"
