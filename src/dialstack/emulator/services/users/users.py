"""Users: the five operations, inside the account the ``DialStack-Account`` header names."""

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.expansion import with_extensions
from ...core.pages import ListRequest, list_reply
from ...core.timestamps import now
from ...core.updates import apply_update
from .tables import UserTables

DEFAULT_CONFIG = {"mobile_push_wakeup": False}


def create(call: ApiRequest) -> Reply:
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
    call.runtime.state(UserTables).insert(
        call.tenant, account_id, user_id, name=name, email=email, document=document
    )
    return 201, document


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    users = call.runtime.state(UserTables)
    document = users.document(call.tenant, account_id, call.path_params["user_id"])
    return 200, with_extensions(call, account_id, document)


def update(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    user_id = call.path_params["user_id"]
    users = call.runtime.state(UserTables)
    user, document = apply_update(users.document(call.tenant, account_id, user_id), dict(call.body))
    users.replace(call.tenant, user_id, user["name"], user["email"], document)
    return 200, document


def delete(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    user_id = call.path_params["user_id"]
    # Calls routed to the user (an extension, a dial plan) would otherwise ring no one.
    call.runtime.router.ensure_unreferenced(call.tenant, account_id, user_id)
    call.runtime.state(UserTables).delete(call.tenant, account_id, user_id)
    return 204, None


def list_users(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    search = call.query.get("search", "")
    request = ListRequest(
        "/v1/users",
        f"{call.tenant}|users|{account_id}|{search}",
        "user",
        {"search": search} if search else {},
    )
    users = call.runtime.state(UserTables)
    return list_reply(
        call,
        request,
        lambda page: users.page(call.tenant, account_id, search or None, page),
        lambda row: with_extensions(call, account_id, row.document),
    )


OPERATIONS = {
    "users.create": create,
    "users.retrieve": retrieve,
    "users.update": update,
    "users.delete": delete,
    "users.list": list_users,
}
