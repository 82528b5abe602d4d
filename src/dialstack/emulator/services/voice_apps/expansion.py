"""``expand[]=extensions`` on voice apps and AI agents."""

import json

from ...core.api_request import ApiRequest, to_json

# The emulator keeps no extensions of voice apps or AI agents: an expanded one has none.
_NO_EXTENSIONS: dict[str, object] = {
    "object": "list",
    "url": "",
    "next_page_url": None,
    "previous_page_url": None,
    "data": [],
}


def expanded(call: ApiRequest, document: str) -> str:
    if "extensions" not in call.params.get("expand[]", ()):
        return document
    return to_json({**json.loads(document), "extensions": _NO_EXTENSIONS})
