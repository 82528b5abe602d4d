"""What both kinds of order share: the numbers they claim, and the time they stamp."""

from collections.abc import Sequence

from ...core.api_request import ApiRequest
from ...core.errors import Conflict
from ...core.runtime import Runtime
from ...core.timestamps import iso
from .tables import NumberingTables


def stamp(at: float) -> str:
    return iso(int(at * 1_000_000_000))


def is_taken(runtime: Runtime, tenant: str, account_id: str, phone_number: str) -> bool:
    """Held by the account, or claimed by an order of any account of the tenant."""
    if runtime.state(NumberingTables).claims(tenant, (phone_number,)):
        return True
    return runtime.numbers.holds(tenant, account_id, phone_number)


def claim(call: ApiRequest, account_id: str, order_id: str, numbers: Sequence[str]) -> None:
    """Claim the numbers for the order.

    Raises:
        Conflict: ``phone_numbers_already_claimed``, naming the numbers the account already
            has (``already_on_account``) and those another account has
            (``in_service_elsewhere``).
    """
    tables = call.runtime.state(NumberingTables)
    claimed = tables.claims(call.tenant, numbers)
    elsewhere = [found.phone_number for found in claimed if found.account_id != account_id]
    on_account = [found.phone_number for found in claimed if found.account_id == account_id]
    on_account += [
        number
        for number in numbers
        if number not in elsewhere
        and number not in on_account
        and call.runtime.numbers.holds(call.tenant, account_id, number)
    ]
    if on_account or elsewhere:
        raise Conflict(
            "phone_numbers_already_claimed",
            f"{len(on_account) + len(elsewhere)} of the numbers are already taken",
            {
                "field": "phone_numbers",
                "already_on_account": sorted(on_account),
                "in_service_elsewhere": sorted(elsewhere),
            },
        )
    tables.claim(call.tenant, account_id, order_id, numbers)
