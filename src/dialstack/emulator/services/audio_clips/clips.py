"""Audio clips over HTTP: upload (a form's ``file`` and ``name``), list, retrieve and delete;
each clip shown with a signed link that plays it for 5 minutes on the tenant's clock."""

import json

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.audio import accepted
from ...core.media_links import signed_link
from ...core.pages import ListRequest, list_reply
from ...core.runtime import Runtime
from ...core.timestamps import iso
from .tables import ClipTables

PREFIX = "clip"
FILE_PART = "file"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_SECONDS = 10 * 60
LINK_LIFETIME = 5 * 60  # s, as the greetings' links


def media_path(account_id: str, clip_id: str) -> str:
    return f"/_media/audio_clips/{account_id}/{clip_id}"


def _shown(runtime: Runtime, tenant: str, account_id: str, document: str) -> str:
    clip = json.loads(document)
    path = media_path(account_id, clip["id"])
    expires_at = int(runtime.clock.now(tenant)) + LINK_LIFETIME
    clip["url"] = signed_link(runtime, path, expires_at)
    return to_json(clip)


def create(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    # The description requires both parts: a form without them never reaches the handler.
    audio = call.files[FILE_PART].data
    found = accepted(
        audio, "The clip", field=FILE_PART, max_bytes=MAX_FILE_BYTES, max_seconds=MAX_SECONDS
    )
    runtime = call.runtime
    clip_id = runtime.ids.new(PREFIX)
    document = to_json(
        {
            "id": clip_id,
            "object": "audio_clip",
            "name": call.body["name"],
            "media_type": found.media_type,
            "duration_seconds": found.duration_seconds,
            "size_bytes": len(audio),
            "created_at": iso(int(runtime.clock.now(call.tenant) * 1_000_000_000)),
        }
    )
    runtime.state(ClipTables).insert(
        call.tenant, account_id, clip_id, document, media_type=found.media_type, audio=audio
    )
    return 201, _shown(runtime, call.tenant, account_id, document)


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    clips = call.runtime.state(ClipTables)
    document = clips.document(call.tenant, account_id, call.path_params["audio_clip_id"])
    return 200, _shown(call.runtime, call.tenant, account_id, document)


def delete(call: ApiRequest) -> Reply:
    clip_id = call.path_params["audio_clip_id"]
    clips = call.runtime.state(ClipTables)
    clips.document(call.tenant, call.account_id(), clip_id)
    clips.delete(call.tenant, clip_id)
    return 204, None


def list_clips(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest("/v1/audio_clips", f"{call.tenant}|audio_clips|{account_id}", PREFIX, {})
    clips = call.runtime.state(ClipTables)
    return list_reply(
        call,
        request,
        lambda page: clips.page(call.tenant, account_id, page),
        lambda row: _shown(call.runtime, call.tenant, account_id, row.document),
    )


OPERATIONS = {
    "audio_clips.create": create,
    "audio_clips.list": list_clips,
    "audio_clips.retrieve": retrieve,
    "audio_clips.delete": delete,
}
