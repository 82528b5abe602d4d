"""Faxes and their documents: the upload on the files host, the five fax operations, and how
an outbound fax ends (``settle``: when its time on the tenant's clock comes)."""

import json
import math
import re
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import RateLimited, SemanticallyInvalid, ValidationFailed
from ...core.pages import ListRequest, list_filters, list_reply
from ...core.runtime import Runtime
from ...core.timestamps import iso
from .numbers import to_e164
from .tables import FaxFilters, FaxTables

SENDS_PER_HOUR = 20
"""Outbound faxes an account may send in any rolling hour (the API publishes no number)."""
SECONDS_PER_PAGE = 20
"""How long delivering one page takes on the tenant's clock (at least one page's worth)."""
UNANSWERED_SUFFIX = "0000"
"""A destination ending in these digits never answers: the fax fails after ``ATTEMPTS``."""
ATTEMPTS = 3
SECONDS_PER_ATTEMPT = 60
_HOUR = 3600
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_MAX_FILENAME = 255
_DIGITS = frozenset("0123456789")
_FILTERS = ("direction", "status", "did", "number", "is_read")


def stamp(seconds: float) -> str:
    return iso(int(seconds * 1_000_000_000))


def pdf_pages(data: bytes) -> int:
    """The pages of a PDF, counted by its page objects (at least one)."""
    return max(sum(1 for _ in _PAGE.finditer(data)), 1)


def create_file(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    upload = call.files["file"]
    if not upload.data.startswith(b"%PDF-"):
        raise ValidationFailed("file", "file must be a PDF document (it starts with %PDF-)")
    filename = upload.filename
    if filename is not None and len(filename) > _MAX_FILENAME:
        raise ValidationFailed("file", f"The file's name is longer than {_MAX_FILENAME}")
    created = stamp(call.runtime.clock.now(call.tenant))
    file_id = call.runtime.ids.new("file")
    document = {
        "object": "file",
        "id": file_id,
        "purpose": call.body["purpose"],
        "filename": filename,
        "type": "pdf",
        "mime_type": "application/pdf",
        "size": len(upload.data),
        "url": None,
        "created_at": created,
        "updated_at": created,
    }
    text = to_json(document)
    tables = call.runtime.state(FaxTables)
    tables.insert_file(
        call.tenant,
        account_id,
        file_id,
        purpose=call.body["purpose"],
        pages=pdf_pages(upload.data),
        document=text,
    )
    return 201, text


def _check_send_rate(runtime: Runtime, tenant: str, account_id: str, now: float) -> None:
    sends = runtime.state(FaxTables).sends_since(tenant, account_id, now - _HOUR)
    if len(sends) >= SENDS_PER_HOUR:
        raise RateLimited(max(1, math.ceil(sends[0] + _HOUR - now)))


def _sending_number(runtime: Runtime, tenant: str, account_id: str, did: str) -> str:
    number = runtime.numbers.phone_number(tenant, account_id, did)
    if number is None:
        raise SemanticallyInvalid("did", "did must be a phone number of this account")
    if not runtime.numbers.is_fax_enabled(tenant, account_id, number):
        raise SemanticallyInvalid("did", f"{number} is not enabled for faxes")
    return number


def send(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    runtime, tenant = call.runtime, call.tenant
    now = runtime.clock.now(tenant)
    _check_send_rate(runtime, tenant, account_id, now)
    tables = runtime.state(FaxTables)
    found = tables.file(tenant, account_id, call.body["file"])
    if found is None:
        raise SemanticallyInvalid("file", "file must be a file of this account")
    purpose, pages, _ = found
    if purpose != "fax_source":
        raise SemanticallyInvalid("file", f"file has purpose {purpose!r}, not 'fax_source'")
    to_number = to_e164("to", call.body["to"])
    from_number = _sending_number(runtime, tenant, account_id, call.body["did"])
    created = stamp(now)
    fax = _fax(runtime.ids.new("fax"), "outbound", "pending", created)
    fax |= {
        "file": call.body["file"],
        "did": call.body["did"],
        "from_number": from_number,
        "to_number": to_number,
        "source_pages": pages,
        "submitted_at": created,
    }
    if to_number.endswith(UNANSWERED_SUFFIX):
        due = now + ATTEMPTS * SECONDS_PER_ATTEMPT
    else:
        due = now + pages * SECONDS_PER_PAGE
    tables.insert_fax(tenant, account_id, fax, sent_at=now, due_at=due)
    return 201, to_json(fax)


def _fax(fax_id: str, direction: str, status: str, created: str) -> dict[str, Any]:
    return {
        "id": fax_id,
        "object": "fax",
        "direction": direction,
        "status": status,
        "file": None,
        "did": None,
        "from_number": None,
        "to_number": None,
        "call_id": None,
        "pages": None,
        "source_pages": None,
        "transport": None,
        "error_code": None,
        "attempts": 0,
        "read_at": None,
        "submitted_at": None,
        "completed_at": None,
        "created_at": created,
        "updated_at": created,
    }


def receive(
    runtime: Runtime,
    tenant: str,
    account_id: str,
    did: str,
    *,
    from_number: str | None,
    pages: int,
) -> str:
    """A fax arriving on the account's number (the control route): stored ``received``,
    with its document as a ``fax_received`` file, and a ``fax.received`` event."""
    to_number = _sending_number(runtime, tenant, account_id, did)
    created = stamp(runtime.clock.now(tenant))
    tables = runtime.state(FaxTables)
    file_id = runtime.ids.new("file")
    document = {
        "object": "file",
        "id": file_id,
        "purpose": "fax_received",
        "filename": f"{file_id}.pdf",
        "type": "pdf",
        "mime_type": "application/pdf",
        "size": 0,
        "url": None,
        "created_at": created,
        "updated_at": created,
    }
    tables.insert_file(
        tenant, account_id, file_id, purpose="fax_received", pages=pages, document=to_json(document)
    )
    fax = _fax(runtime.ids.new("fax"), "inbound", "received", created)
    fax |= {
        "file": file_id,
        "did": did,
        "from_number": from_number,
        "to_number": to_number,
        "pages": pages,
        "transport": "t38",
        "attempts": 1,
        "submitted_at": created,
        "completed_at": created,
    }
    tables.insert_fax(tenant, account_id, fax, sent_at=None, due_at=None)
    runtime.record_event(tenant, account_id, "fax.received", fax)
    return to_json(fax)


def settle(runtime: Runtime, tenant: str) -> None:
    """End each of the tenant's outbound faxes whose time has come: ``delivered`` (every
    page, over T.38) or ``failed`` (unanswered), with its ``fax.*`` event."""
    tables = runtime.state(FaxTables)
    with runtime.db.atomic():
        for due in tables.due(tenant, runtime.clock.now(tenant)):
            fax = json.loads(due.document)
            if fax["to_number"].endswith(UNANSWERED_SUFFIX):
                fax |= {
                    "status": "failed",
                    "attempts": ATTEMPTS,
                    "pages": 0,
                    "error_code": "no_answer",
                }
            else:
                fax |= {
                    "status": "delivered",
                    "attempts": 1,
                    "pages": fax["source_pages"],
                    "transport": "t38",
                }
            fax["completed_at"] = fax["updated_at"] = stamp(due.due_at)
            tables.replace_fax(due.id, fax)
            runtime.record_event(tenant, due.account_id, f"fax.{fax['status']}", fax)


def settle_every_tenant(runtime: Runtime) -> None:
    for tenant in runtime.state(FaxTables).tenants_due():
        settle(runtime, tenant)


def _shown(call: ApiRequest, account_id: str, document: str) -> str:
    """The fax as asked: its file and number in full with ``expand=["file", "did"]``."""
    expand = call.params.get("expand[]", ())
    if not expand:
        return document
    fax = json.loads(document)
    if "file" in expand and fax["file"] is not None:
        found = call.runtime.state(FaxTables).file(call.tenant, account_id, fax["file"])
        if found is not None:
            fax["file"] = json.loads(found[2])
    if "did" in expand:
        number = call.runtime.numbers.phone_number(call.tenant, account_id, fax["did"])
        if number is not None:  # a number the account let go: its id is all that is left
            fax["did"] = {"id": fax["did"], "phone_number": number}
    return to_json(fax)


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    document = call.runtime.state(FaxTables).fax(
        call.tenant, account_id, call.path_params["fax_id"]
    )
    return 200, _shown(call, account_id, document)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    tables = call.runtime.state(FaxTables)
    fax_id = call.path_params["fax_id"]
    fax = json.loads(tables.fax(call.tenant, account_id, fax_id))
    if "is_read" in call.body:
        now = stamp(call.runtime.clock.now(call.tenant))
        if not call.body["is_read"]:
            fax["read_at"] = None
        elif fax["read_at"] is None:
            fax["read_at"] = now
        fax["updated_at"] = now
        tables.replace_fax(fax_id, fax)
    return 200, to_json(fax)


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    call.runtime.state(FaxTables).delete_fax(call.tenant, account_id, call.path_params["fax_id"])
    return 204, None


def list_faxes(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    settle(call.runtime, call.tenant)
    number = call.query.get("number")
    # Without a digit it is no filter: the empty run is in every number.
    digits = "".join(c for c in number or "" if c in _DIGITS) or None
    filters = FaxFilters(
        direction=call.query.get("direction"),
        status=call.query.get("status"),
        did=call.query.get("did"),
        number=digits,
        is_read=call.params.get("is_read"),
    )
    shown = list_filters(call.query, _FILTERS)
    request = ListRequest(
        "/v1/faxes", f"{call.tenant}|faxes|{account_id}|{to_json(shown)}", "fax", shown
    )
    tables = call.runtime.state(FaxTables)
    return list_reply(
        call,
        request,
        lambda page: tables.page(call.tenant, account_id, filters, page),
        lambda row: _shown(call, account_id, row.document),
    )


OPERATIONS = {
    "files.create": create_file,
    "faxes.send": send,
    "faxes.list": list_faxes,
    "faxes.retrieve": retrieve,
    "faxes.update": update,
    "faxes.delete": delete,
}
