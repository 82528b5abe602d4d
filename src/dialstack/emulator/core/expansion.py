"""``expand[]=extensions``: a routing target (a user, a dial plan, a voice app) shown with the
extensions that route calls to it, which the extensions' own service finds."""

import json

from .api_request import ApiRequest, to_json


def with_extensions(call: ApiRequest, account_id: str, document: str) -> str:
    """The target's JSON document, with ``extensions`` when the query asks for them."""
    if "extensions" not in call.params.get("expand[]", ()):
        return document
    target = json.loads(document)
    extensions = call.runtime.extensions.routing_to(call.tenant, account_id, target["id"])
    return to_json({**target, "extensions": extensions})
