"""Pricing and the terms of service: what an account pays, the agreement in effect for the
platform (a fixture a control route moves on), and each account's acceptance of it.

A live account reads ``unsigned`` until it accepts the version in effect, ``signed`` after;
a newer version makes its acceptance read as null and its status ``unsigned`` again. Sandbox
accounts (every account, unless the control route made it live) read ``not_required``.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ...core.api_request import ApiRequest, Reply, to_json
from ...core.errors import Conflict, ResourceMissing, SemanticallyInvalid
from ...core.runtime import Runtime
from ...core.timestamps import iso, now
from .onboarding_tables import OnboardingTables
from .tables import AccountTables

_USER_AGENT_LIMIT = 1024  # characters kept as evidence: a header is bounded, a record more so


@dataclass(frozen=True)
class Agreement:
    version: str
    url: str
    content: str
    body: str


def agreement_of(version: str) -> Agreement:
    """The emulator's fixture text of the agreement with that version."""
    return Agreement(
        version=version,
        url=f"https://dialstack.ai/legal/subscription-agreement/{version}",
        content=(
            "I agree to the DialStack Subscription Agreement and its pricing, and I understand"
            " that 911 calls need a registered emergency (E911) address for each location and"
            " may not reach emergency services when the internet or power is down."
        ),
        body=(
            f"<h1>DialStack Subscription Agreement</h1><p>Version {version}, effective"
            f" {version}.</p><h2>Emergency calling (911/E911)</h2><p>Keep each location's"
            " emergency address current.</p><h2>Pricing</h2><p>You pay the rates shown with"
            " this agreement, per month.</p>"
        ),
    )


DEFAULT_AGREEMENT = agreement_of("2026-01-01")


def current_agreement(runtime: Runtime, tenant: str) -> Agreement:
    stored = runtime.state(OnboardingTables).agreement(tenant)
    return DEFAULT_AGREEMENT if stored is None else Agreement(**json.loads(stored))


def set_agreement(runtime: Runtime, tenant: str, agreement: Agreement) -> None:
    runtime.state(OnboardingTables).set_agreement(tenant, to_json(asdict(agreement)))


def next_version(version: str) -> str:
    """The day after ``version``: a bump with no version of its own moves the terms one day."""
    return (datetime.date.fromisoformat(version) + datetime.timedelta(days=1)).isoformat()


def _acceptance_of(runtime: Runtime, account_id: str, version: str) -> dict[str, Any] | None:
    """The account's acceptance, if it was of ``version``."""
    found = runtime.state(OnboardingTables).acceptance(account_id)
    if found is None or found[0] != version:
        return None
    acceptance: dict[str, Any] = json.loads(found[1])
    return acceptance


def _current_acceptance(runtime: Runtime, tenant: str, account_id: str) -> dict[str, Any] | None:
    return _acceptance_of(runtime, account_id, current_agreement(runtime, tenant).version)


def account_viewer(runtime: Runtime, tenant: str) -> Callable[[str], str]:
    """Shows an account as answered: its terms status as of the agreement in effect now
    (read once, for a whole page of accounts)."""
    version = current_agreement(runtime, tenant).version
    tables = runtime.state(OnboardingTables)

    def view(document: str) -> str:
        account: dict[str, Any] = json.loads(document)
        acceptance = _acceptance_of(runtime, account["id"], version)
        if tables.is_live(account["id"]):
            account["tos_status"] = "unsigned" if acceptance is None else "signed"
        else:
            account["tos_status"] = "not_required"
        account["tos_accepted_at"] = None if acceptance is None else acceptance["accepted_at"]
        return to_json(account)

    return view


def _account(call: ApiRequest) -> dict[str, Any]:
    document = call.runtime.state(AccountTables).document(
        call.tenant, call.path_params["account_id"]
    )
    account: dict[str, Any] = json.loads(document)
    return account


def retrieve_pricing(call: ApiRequest) -> Reply:
    account = _account(call)
    if account["pricing"] is None:
        raise ResourceMissing("pricing for account", account["id"])
    return 200, to_json(account["pricing"])


def update_pricing(call: ApiRequest) -> Reply:
    account = _account(call)
    pricing = {
        name: call.body[name]
        for name in ("per_user_rate", "per_did_rate", "per_voiceai_location_rate")
    }
    account["pricing"] = pricing
    account["updated_at"] = now()
    call.runtime.state(AccountTables).replace(call.tenant, account["id"], to_json(account))
    return 200, to_json(pricing)


def _tos(call: ApiRequest, account: dict[str, Any]) -> str:
    agreement = current_agreement(call.runtime, call.tenant)
    tos: dict[str, Any] = {
        "object": "tos",
        **asdict(agreement),
        "acceptance": _current_acceptance(call.runtime, call.tenant, account["id"]),
    }
    if "pricing" in call.params.get("expand[]", ()):
        tos["pricing"] = account["pricing"]
    return to_json(tos)


def retrieve_tos(call: ApiRequest) -> Reply:
    return 200, _tos(call, _account(call))


def accept_tos(call: ApiRequest) -> Reply:
    account = _account(call)
    runtime, tenant = call.runtime, call.tenant
    agreement = current_agreement(runtime, tenant)
    # The documented order: a stale version is refused before missing pricing is noticed.
    if call.body["version"] != agreement.version:
        raise Conflict(
            "tos_version_stale",
            "Agreement version is out of date",
            {"field": "version", "current_version": agreement.version},
        )
    if account["pricing"] is None:
        raise SemanticallyInvalid("pricing", "Set the account's pricing before accepting the terms")
    if _current_acceptance(runtime, tenant, account["id"]) is None:
        acceptance: dict[str, Any] = {
            "accepted_at": iso(int(runtime.clock.now(tenant) * 1_000_000_000)),
            "ip": call.client_ip or "",
            "pricing": account["pricing"],
        }
        if call.user_agent is not None:
            acceptance["user_agent"] = call.user_agent[:_USER_AGENT_LIMIT]
        runtime.state(OnboardingTables).record_acceptance(
            account["id"], agreement.version, to_json(acceptance)
        )
    return 200, _tos(call, account)


OPERATIONS = {
    "accounts.retrieve_pricing": retrieve_pricing,
    "accounts.update_pricing": update_pricing,
    "accounts.retrieve_tos": retrieve_tos,
    "accounts.accept_tos": accept_tos,
}
