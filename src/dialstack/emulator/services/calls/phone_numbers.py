"""Phone numbers: the account's list (a test account gets its first on its first test call)."""

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.pages import ListRequest, list_filters, list_reply
from .tables import CallTables


def list_phone_numbers(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    filters = list_filters(call.query, ("status",))
    request = ListRequest(
        "/v1/phone-numbers",
        f"{call.tenant}|phone_numbers|{account_id}|{to_json(filters)}",
        "did",
        filters,
    )
    calls = call.runtime.state(CallTables)
    status = call.query.get("status")
    return list_reply(
        call, request, lambda page: calls.phone_number_page(call.tenant, account_id, status, page)
    )


OPERATIONS = {"phone_numbers.list": list_phone_numbers}
