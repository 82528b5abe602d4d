"""Phone numbers: the account's list (a test account gets its first on its first test call)."""

from ..api_request import Answer, ApiRequest, to_json
from ..pagination import ListRequest, list_body, page_query
from ..store_calls import CallStore
from .calls import list_filters, page_rows


async def list_phone_numbers(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    filters = list_filters(call.query, ("status",))
    request = ListRequest(
        "/v1/phone-numbers",
        f"{call.tenant}|phone_numbers|{account_id}|{to_json(filters)}",
        "did",
        filters,
    )
    tokens = call.runtime.page_tokens
    page = page_query(call.query, tokens, request)
    rows = CallStore(call.runtime.store.connection).phone_number_page(
        call.tenant, account_id, call.query.get("status"), page
    )
    shown = [row.document for row in rows.rows]
    return 200, list_body(page_rows(rows, shown), page, tokens, request)


OPERATIONS = {"phone_numbers.list": list_phone_numbers}
