"""``/_emulator/`` routes of onboarding: the terms in effect, live accounts, admin users.

``GET /_emulator/tos?api_key=...``: the agreement in effect for the platform.
``POST /_emulator/tos/version {"api_key", "version"?, "url"?, "content"?, "body"?}``: put a
newer agreement in effect (``version`` a later ``YYYY-MM-DD``, default the day after the
current one; the texts default to the fixture's for that version). Every live account's
acceptance then reads as null and its ``tos_status`` as ``unsigned``.
``POST /_emulator/live_accounts {"api_key", "account"}``: make an account a live one, as if a
live key had created it (the emulator takes test keys only); answers the account.
``POST /_emulator/admin_users {"api_key", "account", "email", "name"?}``: grant the person with
that login the ``account_admin`` role on the account (201, the admin user); the same email in
another account of the platform is the same person (same id, shared name).
"""

import datetime
import re
from dataclasses import asdict, replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...core.errors import ValidationFailed
from ...core.request_body import json_body
from ...core.runtime import Runtime
from ...core.service import ControlRoute
from ...core.tenancy import tenant_of_key
from . import admin_users, terms
from .onboarding_tables import OnboardingTables
from .tables import AccountTables

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TEXT_LIMIT = 64 * 1024  # characters of an agreement's text
_EMAIL_LIMIT = 254
_NAME_LIMIT = 256


def control_routes(runtime: Runtime) -> list[ControlRoute]:
    async def agreement(request: Request) -> Response:
        tenant = _tenant(dict(request.query_params))
        return JSONResponse(asdict(terms.current_agreement(runtime, tenant)))

    async def new_version(request: Request) -> Response:
        body = await json_body(request)
        tenant = _tenant(body)
        with runtime.db.transaction():
            current = terms.current_agreement(runtime, tenant)
            version = body.get("version", terms.next_version(current.version))
            if not _is_date(version) or version <= current.version:
                raise ValidationFailed(
                    "version", f"version must be a date (YYYY-MM-DD) after {current.version}"
                )
            texts = {name: _text(body, name) for name in ("url", "content", "body")}
            agreement = replace(
                terms.agreement_of(version),
                **{name: text for name, text in texts.items() if text is not None},
            )
            terms.set_agreement(runtime, tenant, agreement)
        return JSONResponse(asdict(agreement))

    async def live_account(request: Request) -> Response:
        body = await json_body(request)
        tenant = _tenant(body)
        account_id = _account(runtime, tenant, body)
        with runtime.db.transaction():
            runtime.state(OnboardingTables).make_live(account_id)
            document = runtime.state(AccountTables).document(tenant, account_id)
            view = terms.account_viewer(runtime, tenant)(document)
        return Response(view, media_type="application/json")

    async def add_admin_user(request: Request) -> Response:
        body = await json_body(request)
        tenant = _tenant(body)
        account_id = _account(runtime, tenant, body)
        email = body.get("email")
        name = body.get("name")
        if not isinstance(email, str) or not 0 < len(email) <= _EMAIL_LIMIT or "@" not in email:
            raise ValidationFailed("email", f"email must be an address of at most {_EMAIL_LIMIT}")
        if name is not None and not (isinstance(name, str) and len(name) <= _NAME_LIMIT):
            raise ValidationFailed("name", f"name must be text of at most {_NAME_LIMIT}")
        with runtime.db.transaction():
            document = admin_users.grant(
                runtime, tenant, account_id, email=email, name=name, role="account_admin"
            )
        return Response(document, status_code=201, media_type="application/json")

    return [
        ControlRoute("GET", "/_emulator/tos", agreement),
        ControlRoute("POST", "/_emulator/tos/version", new_version),
        ControlRoute("POST", "/_emulator/live_accounts", live_account),
        ControlRoute("POST", "/_emulator/admin_users", add_admin_user),
    ]


def _tenant(body: dict[str, Any]) -> str:
    api_key = body.get("api_key")
    if not isinstance(api_key, str):
        raise ValidationFailed("api_key", "api_key is required: whose platform?")
    return tenant_of_key(api_key)


def _account(runtime: Runtime, tenant: str, body: dict[str, Any]) -> str:
    account_id = body.get("account")
    if not isinstance(account_id, str) or runtime.accounts.owner_of_account(account_id) != tenant:
        raise ValidationFailed("account", "account must name an account of this api_key")
    return account_id


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _text(body: dict[str, Any], name: str) -> str | None:
    text = body.get(name)
    if text is not None and not (isinstance(text, str) and 0 < len(text) <= _TEXT_LIMIT):
        raise ValidationFailed(name, f"{name} must be text of 1 to {_TEXT_LIMIT} characters")
    return text
