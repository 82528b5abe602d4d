"""A number's SMS port-out window: while it is open another carrier may take over the
number's texting; it is locked (``expires_at`` null) unless the account opens it."""

import re
from datetime import datetime

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import ResourceMissing, SemanticallyInvalid
from .claims import stamp
from .tables import NumberingTables

LONGEST_SECONDS = 30 * 24 * 3600
"""How far ahead a window may be opened (a month, as carriers hold a port-out request)."""
_LEAP_SECOND = re.compile(r"(?<=T\d\d:\d\d):60")


def _number_id(call: ApiRequest, account_id: str) -> str:
    number_id = call.path_params["phone_number_id"]
    if call.runtime.numbers.phone_number(call.tenant, account_id, number_id) is None:
        raise ResourceMissing("phone_number", number_id)
    return number_id


def _window(call: ApiRequest, account_id: str, number_id: str) -> str:
    """The window as the API shows it: one that has passed is locked."""
    expires_at = call.runtime.state(NumberingTables).sms_port_out(
        call.tenant, account_id, number_id
    )
    now = call.runtime.clock.now(call.tenant)
    if expires_at is not None and datetime.fromisoformat(expires_at).timestamp() <= now:
        expires_at = None
    return to_json({"expires_at": expires_at})


def _instant(text: str) -> float | None:
    """Unix seconds of an RFC 3339 time (the description checked its form); None for one
    Python cannot place (year 0000), which no window reaches anyway."""
    text = text.upper()  # RFC 3339 allows "t" and "z"
    leap = _LEAP_SECOND.search(text) is not None
    try:
        moment = datetime.fromisoformat(_LEAP_SECOND.sub(":59", text, count=1))
    except ValueError:
        return None
    return moment.timestamp() + leap


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    return 200, _window(call, account_id, _number_id(call, account_id))


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    number_id = _number_id(call, account_id)
    requested: str | None = call.body["expires_at"]
    expires_at = None
    if requested is not None:
        at = _instant(requested)
        now = call.runtime.clock.now(call.tenant)
        if at is None or not now < at <= now + LONGEST_SECONDS:
            raise SemanticallyInvalid(
                "expires_at", "The window closes in the next 30 days: a later time, or None"
            )
        expires_at = stamp(at)
    call.runtime.state(NumberingTables).set_sms_port_out(
        call.tenant, account_id, number_id, expires_at
    )
    return 200, _window(call, account_id, number_id)


OPERATIONS = {
    "phone_numbers.retrieve_sms_port_out": retrieve,
    "phone_numbers.update_sms_port_out": update,
}
