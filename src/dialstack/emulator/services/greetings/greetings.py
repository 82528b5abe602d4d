"""Voicemail greetings: upload (a form's ``file``), retrieve and delete, keyed by owner and type.

The owner is any routing target the account has (``runtime.router``: a user today, a shared
voicemail box once one exists); another account's is a 404 like a missing one.
"""

from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.audio import accepted
from ...core.errors import ResourceMissing
from ...core.media_links import signed_link
from ...core.runtime import Runtime
from ...core.timestamps import iso
from .tables import Greeting, GreetingKey, GreetingTables

FILE_PART = "file"
MAX_FILE_BYTES = 5 * 1024 * 1024  # the API's greeting limit, below the form's own
MAX_SECONDS = 90
LINK_LIFETIME = 5 * 60  # s: the API's greeting links


def media_path(account_id: str, owner: str, greeting_type: str) -> str:
    return f"/_media/greetings/{account_id}/{owner}/{greeting_type}"


def _key(call: ApiRequest) -> GreetingKey:
    """Tenant, account, owner and type of the greeting the path names.

    Raises:
        ResourceMissing: the account has no such owner.
    """
    account_id = call.account_id()
    owner = call.path_params["owner"]
    if not call.runtime.router.exists(call.tenant, account_id, owner):
        raise ResourceMissing("owner", owner)
    return GreetingKey(call.tenant, account_id, owner, call.path_params["greeting_type"])


def _shown(runtime: Runtime, key: tuple[str, str, str, str], greeting: Greeting) -> dict[str, Any]:
    tenant, account_id, owner, greeting_type = key
    path = media_path(account_id, owner, greeting_type)
    expires_at = int(runtime.clock.now(tenant)) + LINK_LIFETIME
    return {
        "object": "voicemail_greeting",
        "owner": owner,
        "greeting_type": greeting_type,
        "format": "wav",
        "duration_seconds": greeting.duration_seconds,
        "size_bytes": greeting.size_bytes,
        "url": signed_link(runtime, path, expires_at),
        "updated_at": greeting.updated_at,
    }


def upload(call: ApiRequest) -> Reply:
    key = _key(call)
    # The description requires the part: a form without it never reaches the handler.
    audio = call.files[FILE_PART].data
    found = accepted(
        audio, "The greeting", field=FILE_PART, max_bytes=MAX_FILE_BYTES, max_seconds=MAX_SECONDS
    )
    runtime = call.runtime
    updated_at = iso(int(runtime.clock.now(call.tenant) * 1_000_000_000))
    greeting = Greeting(found.media_type, found.duration_seconds, len(audio), updated_at)
    runtime.state(GreetingTables).save(key, audio, greeting)
    return 200, to_json(_shown(runtime, key, greeting))


def retrieve(call: ApiRequest) -> Reply:
    key = _key(call)
    greeting = call.runtime.state(GreetingTables).find(key)
    if greeting is None:
        raise ResourceMissing("voicemail_greeting", f"{key.owner}/{key.greeting_type}")
    return 200, to_json(_shown(call.runtime, key, greeting))


def delete(call: ApiRequest) -> Reply:
    call.runtime.state(GreetingTables).delete(_key(call))
    return 204, None


OPERATIONS = {
    "voicemail_greetings.upload": upload,
    "voicemail_greetings.retrieve": retrieve,
    "voicemail_greetings.delete": delete,
}
