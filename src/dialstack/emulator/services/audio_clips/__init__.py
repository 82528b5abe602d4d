"""Audio clips: recordings a dial plan plays, uploaded per account, played by signed links."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import clips, examples, media
from .tables import SCHEMA, ClipTables


def _connect(runtime: Runtime) -> None:
    runtime.hold(ClipTables(runtime.db))


SERVICE = Service(
    name="audio_clips",
    operations=clips.OPERATIONS,
    schema=SCHEMA,
    connect=_connect,
    routes=media.routes,
    examples={"audio_clip_id": examples.clip},
)
