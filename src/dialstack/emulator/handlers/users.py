"""Users: the five operations, inside the account the ``DialStack-Account`` header names."""

from ..call import Answer, Call, to_json
from ..pagination import PAGING_PARAMETERS, ListRequest, list_body, page_query
from ..timestamps import now
from ..validation import Bool, Obj, Str, check_fields
from ._update import apply_update

DEFAULT_CONFIG = {"mobile_push_wakeup": False}

_CREATE = Obj({"name": Str(), "email": Str(email=True)})
_UPDATE = Obj(
    {
        "name": Str(nullable=True),
        "email": Str(nullable=True, email=True),
        "do_not_disturb": Bool(),
        "config": Obj({"mobile_push_wakeup": Bool()}),
    }
)
_LIST_PARAMETERS = PAGING_PARAMETERS | {"search"}


async def create(call: Call) -> Answer:
    call.allow_query()
    account_id = call.account_id()
    fields = check_fields(_CREATE, call.body)
    timestamp = now()
    user_id = call.runtime.ids.new("user")
    name: str | None = fields.get("name")
    email: str | None = fields.get("email")
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


async def retrieve(call: Call) -> Answer:
    call.allow_query()
    account_id = call.account_id()
    return 200, call.runtime.store.user(call.tenant, account_id, call.path_params["user_id"])


async def update(call: Call) -> Answer:
    call.allow_query()
    account_id = call.account_id()
    user_id = call.path_params["user_id"]
    store = call.runtime.store
    changes = check_fields(_UPDATE, call.body)
    user, document = apply_update(store.user(call.tenant, account_id, user_id), changes)
    store.replace_user(call.tenant, user_id, user["name"], user["email"], document)
    return 200, document


async def delete(call: Call) -> Answer:
    call.allow_query()
    account_id = call.account_id()
    call.runtime.store.delete_user(call.tenant, account_id, call.path_params["user_id"])
    return 204, None


async def list_users(call: Call) -> Answer:
    call.allow_query(_LIST_PARAMETERS)
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
    return 200, list_body(rows, page, tokens, request)
