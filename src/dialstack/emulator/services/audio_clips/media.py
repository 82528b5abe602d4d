"""The clips' signed links: ``/_media/audio_clips/<account>/<clip>?exp=&sig=`` plays the bytes
as uploaded without the API key until it expires (``core.media_links``); a deleted clip is a
404."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...core.media_links import gone, linked_tenant
from ...core.runtime import Runtime
from .tables import ClipTables

ROUTE = "/_media/audio_clips/{account_id}/{clip_id}"


def routes(runtime: Runtime) -> list[Route]:
    async def serve(request: Request) -> Response:
        tenant = linked_tenant(runtime, request)
        if isinstance(tenant, Response):
            return tenant
        found = runtime.state(ClipTables).audio(
            tenant, request.path_params["account_id"], request.path_params["clip_id"]
        )
        if found is None:
            return gone("The clip")
        media_type, audio = found
        return Response(audio, media_type=media_type, headers={"Cache-Control": "private"})

    return [Route(ROUTE, serve, methods=["GET"])]
