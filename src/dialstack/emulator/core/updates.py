"""How an update changes a stored object: the one rule accounts and users share."""

import json
from typing import Any

from .api_request import to_json
from .timestamps import now


def apply_update(stored: str, changes: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The object after ``changes`` (``config`` merged key by key, as the API does), and its
    JSON; ``updated_at`` moves on."""
    document = json.loads(stored)
    if "config" in changes:
        document["config"] = {**document["config"], **changes.pop("config")}
    document.update(changes)
    document["updated_at"] = now()
    return document, to_json(document)
