"""Users: the five operations, inside the account the ``DialStack-Account`` header names."""

import dataclasses
import json

from ..api_request import Answer, ApiRequest, Handler, to_json
from ..pagination import ListRequest, list_body, page_query
from ..timestamps import now
from ._update import apply_update

DEFAULT_CONFIG = {"mobile_push_wakeup": False}
# The emulator keeps no extensions yet: an expanded user has none.
_NO_EXTENSIONS: dict[str, object] = {
    "object": "list",
    "url": "",
    "next_page_url": None,
    "previous_page_url": None,
    "data": [],
}


def _expanded(call: ApiRequest, document: str) -> str:
    if "extensions" not in call.params.get("expand[]", ()):
        return document
    return to_json({**json.loads(document), "extensions": _NO_EXTENSIONS})


async def create(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    timestamp = now()
    user_id = call.runtime.ids.new("user")
    name: str | None = call.body.get("name")
    email: str | None = call.body.get("email")
    user = {
        "id": user_id,
        "object": "user",
        "account_id": account_id,
        "name": name,
        "email": email,
        "do_not_disturb": False,
        "config": dict(DEFAULT_CONFIG),
        "created_at": timestamp,
        "updated_at": timestamp,
    }
    document = to_json(user)
    call.runtime.store.insert_user(
        call.tenant, account_id, user_id, name=name, email=email, document=document
    )
    return 201, document


async def retrieve(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    document = call.runtime.store.user(call.tenant, account_id, call.path_params["user_id"])
    return 200, _expanded(call, document)


async def update(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    user_id = call.path_params["user_id"]
    store = call.runtime.store
    user, document = apply_update(store.user(call.tenant, account_id, user_id), dict(call.body))
    store.replace_user(call.tenant, user_id, user["name"], user["email"], document)
    return 200, document


async def delete(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    call.runtime.store.delete_user(call.tenant, account_id, call.path_params["user_id"])
    return 204, None


async def list_users(call: ApiRequest) -> Answer:
    account_id = call.account_id()
    search = call.query.get("search", "")
    request = ListRequest(
        "/v1/users",
        f"{call.tenant}|users|{account_id}|{search}",
        "user",
        {"search": search} if search else {},
    )
    tokens = call.runtime.page_tokens
    page = page_query(call.query, tokens, request)
    rows = call.runtime.store.user_page(call.tenant, account_id, search or None, page)
    documents = [_expanded(call, document) for document in rows.documents]
    rows = dataclasses.replace(rows, documents=documents)
    return 200, list_body(rows, page, tokens, request)


OPERATIONS: dict[str, Handler] = {
    "users.create": create,
    "users.retrieve": retrieve,
    "users.update": update,
    "users.delete": delete,
    "users.list": list_users,
}
