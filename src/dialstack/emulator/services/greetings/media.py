"""The greetings' signed links: ``/_media/greetings/<account>/<owner>/<type>?exp=&sig=``
plays the bytes as uploaded without the API key until it expires (``core.media_links``); a
deleted greeting is a 404."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...core.media_links import gone, linked_tenant
from ...core.runtime import Runtime
from .tables import GreetingKey, GreetingTables

ROUTE = "/_media/greetings/{account_id}/{owner}/{greeting_type}"


def routes(runtime: Runtime) -> list[Route]:
    async def serve(request: Request) -> Response:
        tenant = linked_tenant(runtime, request)
        if isinstance(tenant, Response):
            return tenant
        params = request.path_params
        key = GreetingKey(tenant, params["account_id"], params["owner"], params["greeting_type"])
        found = runtime.state(GreetingTables).audio(key)
        if found is None:
            return gone("The greeting")
        media_type, audio = found
        return Response(audio, media_type=media_type, headers={"Cache-Control": "private"})

    return [Route(ROUTE, serve, methods=["GET"])]
