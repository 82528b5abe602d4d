"""Admin users: the people who administer an account in the portal. Read-only in the API
(the portal grants roles); the owner comes from the account's own email and contact name,
and a control route grants more.

An admin user's id is the person's, the same in every account of the platform they
administer; their voice user in an account is the user with the same email there.
"""

import json
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, ResourceMissing
from ...core.pages import ListRequest, list_reply
from ...core.runtime import Runtime
from ...core.text import caseless
from ...core.timestamps import now
from .onboarding_tables import OnboardingTables

MAX_ADMINS_PER_ACCOUNT = 1000


def grant(
    runtime: Runtime, tenant: str, account_id: str, *, email: str, name: str | None, role: str
) -> str:
    """Make the person with this login an administrator of the account; their document.

    Raises:
        Conflict: they already administer it (``admin_user_exists``), or the account has
            ``MAX_ADMINS_PER_ACCOUNT`` (``too_many_admin_users``).
    """
    tables = runtime.state(OnboardingTables)
    email_key = caseless(email)
    person = tables.person(tenant, email_key)
    if person is not None and tables.admin_user(account_id, person[0]) is not None:
        raise Conflict(
            "admin_user_exists",
            "That person already administers this account",
            {"field": "email", "id": person[0]},
        )
    if tables.admin_count(account_id) >= MAX_ADMINS_PER_ACCOUNT:
        raise Conflict(
            "too_many_admin_users",
            f"An account has at most {MAX_ADMINS_PER_ACCOUNT} admin users in the emulator",
        )
    if person is None:
        admin_user_id = runtime.ids.new("admin_user")
    else:
        admin_user_id, known_name = person
        if name is None:
            name = known_name
        else:
            tables.rename_person(admin_user_id, name)
    document = to_json(
        {
            "id": admin_user_id,
            "object": "admin_user",
            "name": name,
            "email": email,
            "role": role,
            "created_at": now(),
        }
    )
    tables.grant(tenant, account_id, admin_user_id, email_key, document)
    return document


def _with_user(call: ApiRequest, account_id: str, document: str) -> str:
    admin: dict[str, Any] = json.loads(document)
    user = call.runtime.users.find_by_email(call.tenant, account_id, admin["email"])
    if user is None:
        admin["user"] = None
    elif "user" in call.params.get("expand[]", ()):
        admin["user"] = json.loads(user)
    else:
        admin["user"] = json.loads(user)["id"]
    return to_json(admin)


def retrieve(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    admin_user_id = call.path_params["admin_user_id"]
    document = call.runtime.state(OnboardingTables).admin_user(account_id, admin_user_id)
    if document is None:
        raise ResourceMissing("admin user", admin_user_id)
    return 200, _with_user(call, account_id, document)


def list_admin_users(call: ApiRequest) -> Reply:
    account_id = call.account_id()
    request = ListRequest(
        "/v1/admin/users", f"{call.tenant}|admin_users|{account_id}", "admin_user", {}
    )
    tables = call.runtime.state(OnboardingTables)
    return list_reply(
        call,
        request,
        lambda page: tables.admin_page(account_id, page),
        lambda row: _with_user(call, account_id, row.document),
    )


OPERATIONS = {"admin.users.retrieve": retrieve, "admin.users.list": list_admin_users}
