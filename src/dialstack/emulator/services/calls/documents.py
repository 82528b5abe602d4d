"""The calls' objects as the API shows them: the stored document plus what is made per read
(fresh signed links, both spellings of a reference, expanded references)."""

import json
from typing import Any

from ...core.media_links import signed_link
from ...core.runtime import Runtime
from ...core.timestamps import iso
from . import media
from .tables import CallTables


def call_log(
    runtime: Runtime,
    tenant: str,
    account_id: str,
    document: str | dict[str, Any],
    recording_path: str | None,
    *,
    expand_did: bool = False,
) -> dict[str, Any]:
    call = json.loads(document) if isinstance(document, str) else dict(document)
    if recording_path is not None and call["status"] is not None:
        expires_at = int(runtime.clock.now(tenant)) + media.RECORDING_LIFETIME
        call["recording_url"] = signed_link(runtime, recording_path, expires_at)
    if expand_did and call["did"] is not None:
        stored = runtime.state(CallTables).phone_number(tenant, account_id, call["did"])
        if stored is not None:
            number = json.loads(stored)
            call["did"] = {"id": number["id"], "phone_number": number["phone_number"]}
    return call


def voicemail(
    runtime: Runtime,
    tenant: str,
    account_id: str,
    document: str | dict[str, Any],
    audio_path: str,
    *,
    expand_call: bool = False,
) -> dict[str, Any]:
    message = json.loads(document) if isinstance(document, str) else dict(document)
    expires_at = int(runtime.clock.now(tenant)) + media.VOICEMAIL_LIFETIME
    message["audio_url"] = signed_link(runtime, audio_path, expires_at)
    if expand_call and message["call"] is not None:
        stored = runtime.state(CallTables).call(tenant, account_id, message["call"])
        if stored is not None:
            message["call"] = call_log(
                runtime, tenant, account_id, stored.document, stored.media_path
            )
    return message


def recording(
    runtime: Runtime, tenant: str, document: str | dict[str, Any], path: str
) -> dict[str, Any]:
    record = json.loads(document) if isinstance(document, str) else dict(document)
    expires_at = int(runtime.clock.now(tenant)) + media.RECORDING_LIFETIME
    record["download_url"] = signed_link(runtime, path, expires_at)
    record["expires_at"] = iso(expires_at * 1_000_000_000)
    return record
