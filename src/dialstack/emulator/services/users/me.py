"""The user's own routes (``/v1/me/``), called with a user session token as the bearer.

``edge.access`` has checked the token (signature, expiry, revocation, the user and account
still existing) before a route here runs; these routes read who the token acts as from it.
Served: ``GET /v1/me/directory``, the account's users by display name (``{user,
display_name}``, the caller included), paged like every list.
"""

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...core import session_tokens
from ...core.api_request import ApiRequest, to_json
from ...core.errors import InvalidApiKey
from ...core.pages import ListRequest, Row, list_reply
from ...core.runtime import Runtime
from ...core.session_tokens import UserSessionClaims
from .tables import UserTables


def _claims(runtime: Runtime, request: Request) -> UserSessionClaims:
    _, _, token = request.headers.get("authorization", "").partition(" ")
    secret = session_tokens.user_session_secret(runtime.session_secret)
    claims = session_tokens.user_session_claims(token, secret)
    if claims is None:
        raise InvalidApiKey("Invalid user session token")
    return claims


def _entry(row: Row) -> str:
    user = json.loads(row.document)
    display_name = user["name"] or user["email"] or user["id"]
    return to_json({"user": user["id"], "display_name": display_name})


def routes(runtime: Runtime) -> list[Route]:
    async def directory(request: Request) -> Response:
        claims = _claims(runtime, request)
        tenant = runtime.accounts.owner_of_account(claims.account)
        if tenant is None:
            raise InvalidApiKey("Invalid user session: its account no longer exists")
        call = ApiRequest(runtime, tenant, {}, dict(request.query_params), {}, claims.account)
        listing = ListRequest(
            "/v1/me/directory", f"{tenant}|me_directory|{claims.account}", "user", {}
        )
        users = runtime.state(UserTables)
        status, body = list_reply(
            call,
            listing,
            lambda page: users.page(tenant, claims.account, None, page),
            _entry,
        )
        return Response(body, status_code=status, media_type="application/json")

    return [Route("/v1/me/directory", directory, methods=["GET"])]
