"""What every canned event payload shares: the builder's shape, and made-up values that name
nothing stored (ids are made per event)."""

from collections.abc import Callable
from typing import Any

from .ids import IdFactory

CANNED_CALLER = {
    "from_number": "+15125550100",
    "from_name": "Canned Caller",
    "to_number": "+15125550199",
}
CANNED_TIME = "2026-01-01T00:00:00.000000Z"


CannedEvent = Callable[[str, str, IdFactory], dict[str, Any]]
"""``(event_type, account_id, ids)`` -> a plausible payload of that type."""
