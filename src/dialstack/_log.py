"""``DIALSTACK_LOG=debug|info``: the SDK's own log lines on stderr, without configuring
``logging`` (as ``STRIPE_LOG`` and ``OPENAI_LOG`` do). Nothing logged holds the API key."""

import logging
import os
import sys

LOG_ENV = "DIALSTACK_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_configured = False


def configure_from_environment() -> None:
    """Once per process, when a client is made: a stderr handler on the ``dialstack`` logger
    at the level ``$DIALSTACK_LOG`` names. Unset: logging is left as it is; an unknown value
    says so on stderr (a typo would otherwise look like a quiet SDK)."""
    global _configured  # noqa: PLW0603 - once per process
    if _configured:
        return
    _configured = True
    named = os.environ.get(LOG_ENV, "").strip().lower()
    if not named:
        return
    level = _LEVELS.get(named)
    if level is None:
        known = " or ".join(_LEVELS)
        sys.stderr.write(f"dialstack: ignoring {LOG_ENV}={named!r}: it must be {known}\n")
        return
    logger = logging.getLogger("dialstack")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
