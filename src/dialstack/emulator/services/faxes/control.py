"""``/_emulator/`` routes of faxes (loopback clients only, like the others).

``POST /_emulator/faxes {"api_key", "account", "did", "from_number"?, "pages"?}``: a fax
arrives on the account's fax-enabled number ``did`` from ``from_number`` (E.164; null: caller
ID withheld; default a made-up caller) with ``pages`` pages (1 to 100, default 1): 201, the
fax (``received``, unread), and its ``fax.received`` event.
"""

from starlette.requests import Request
from starlette.responses import Response

from ...core.canned import CANNED_CALLER
from ...core.errors import ValidationFailed
from ...core.request_body import json_body
from ...core.runtime import Runtime
from ...core.service import ControlRoute
from ...core.tenancy import tenant_of_key
from . import faxes
from .numbers import to_e164

_MAX_PAGES = 100


def control_routes(runtime: Runtime) -> list[ControlRoute]:
    async def receive(request: Request) -> Response:
        body = await json_body(request)
        api_key, account_id, did = body.get("api_key"), body.get("account"), body.get("did")
        if not isinstance(api_key, str):
            raise ValidationFailed("api_key", "api_key is required: whose fax?")
        tenant = tenant_of_key(api_key)
        if (
            not isinstance(account_id, str)
            or runtime.accounts.owner_of_account(account_id) != tenant
        ):
            raise ValidationFailed("account", "account must name an account of this api_key")
        if not isinstance(did, str):
            raise ValidationFailed("did", "did must be the id of the account's phone number")
        sender = body.get("from_number", CANNED_CALLER["from_number"])
        if sender is not None:
            if not isinstance(sender, str):
                raise ValidationFailed("from_number", "from_number must be E.164 or null")
            sender = to_e164("from_number", sender)
        pages = body.get("pages", 1)
        if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= _MAX_PAGES:
            raise ValidationFailed("pages", f"pages must be an integer from 1 to {_MAX_PAGES}")
        with runtime.db.transaction():
            document = faxes.receive(
                runtime, tenant, account_id, did, from_number=sender, pages=pages
            )
        return Response(document, status_code=201, media_type="application/json")

    return [ControlRoute("POST", "/_emulator/faxes", receive)]
