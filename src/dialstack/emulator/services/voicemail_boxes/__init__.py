"""Shared voicemail boxes: mailboxes no one user owns, registered with the router as ``svm``
targets so that numbers, extensions and dial plans can send calls to them."""

from ...core.runtime import Runtime
from ...core.service import ExampleWorld, Service
from . import boxes
from .tables import SCHEMA, BoxTables


def _connect(runtime: Runtime) -> None:
    tables = BoxTables(runtime.db)
    runtime.hold(tables)
    runtime.router.register(boxes.PREFIX, boxes.BoxTargets(tables))


def _box(world: ExampleWorld) -> str:
    answer = world.http.post(
        "/v1/shared_voicemail_boxes",
        json={"name": "Support"},
        headers={"DialStack-Account": world.example("account_id")},
    )
    return str(answer.json()["id"])


SERVICE = Service(
    name="voicemail_boxes",
    operations=boxes.OPERATIONS,
    schema=SCHEMA,
    connect=_connect,
    examples={"shared_voicemail_box_id": _box},
)
