"""The clips' signed links: ``/_media/audio_clips/<account>/<clip>?exp=&sig=`` plays the bytes
as uploaded without the API key until it expires (on the owning tenant's clock); a tampered,
expired or re-pointed link is a 403, a deleted clip a 404."""

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...core.runtime import Runtime
from ...core.signing import is_signed
from .tables import ClipTables

ROUTE = "/_media/audio_clips/{account_id}/{clip_id}"
_EXPIRY = re.compile(r"[0-9]{1,12}")


def routes(runtime: Runtime) -> list[Route]:
    async def serve(request: Request) -> Response:
        expires, signed = request.query_params.get("exp", ""), request.query_params.get("sig", "")
        if _EXPIRY.fullmatch(expires) is None or not is_signed(
            signed, runtime.media_secret, request.url.path, str(int(expires))
        ):
            return _refused("This media link is not valid")
        account_id = request.path_params["account_id"]
        tenant = runtime.accounts.owner_of_account(account_id)
        if tenant is None:
            return _refused("This media link is not valid")
        if int(expires) <= runtime.clock.now(tenant):
            return _refused("This media link has expired")
        found = runtime.state(ClipTables).audio(tenant, account_id, request.path_params["clip_id"])
        if found is None:
            return JSONResponse(
                {"error": "The clip no longer exists", "code": "resource_missing", "details": {}},
                status_code=404,
            )
        media_type, audio = found
        return Response(audio, media_type=media_type, headers={"Cache-Control": "private"})

    return [Route(ROUTE, serve, methods=["GET"])]


def _refused(message: str) -> Response:
    return JSONResponse({"error": message, "code": "forbidden", "details": {}}, status_code=403)
