"""Voice apps and AI agents as routing targets.

A call reaching an active voice app is answered by it: a signed ``call.received`` (the flat
voice-app payload) is queued for the app's URL in the call's transaction, and sent once it
commits. An inactive app answers nothing (the call goes unanswered). An AI agent passes the
call on to its voice app.
"""

from ...core.api_request import to_json
from ...core.ids import IdFactory
from ...core.ports import Hop, RoutedCall
from .delivery import DELIVERIES_KEPT, CallReceivedDelivery
from .tables import FAILED, VoiceAppTables


def call_received(account_id: str, call: RoutedCall) -> str:
    """The body sent, byte for byte what the signature covers."""
    return to_json(
        {
            "event": "call.received",
            "call_id": call.call_id,
            "account_id": account_id,
            "from_number": call.from_number,
            # The simulator's routed call carries no caller name.
            "from_name": None,
            "to_number": call.to_number,
        }
    )


class VoiceAppTargets:
    def __init__(
        self, tables: VoiceAppTables, ids: IdFactory, delivery: CallReceivedDelivery
    ) -> None:
        self._tables = tables
        self._ids = ids
        self._delivery = delivery

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        return self._tables.app_route(tenant, account_id, target_id) is not None

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        found = self._tables.app_route(tenant, account_id, target_id)
        if found is None or found[0] != "active":
            return Hop()
        tables, delivery_id = self._tables, self._ids.new("vadel")
        has_room = self._delivery.room_for(tenant)
        tables.insert_delivery(
            tenant,
            account_id,
            delivery_id,
            voice_app_id=target_id,
            call_id=call.call_id,
            url=found[1],
            body=call_received(account_id, call),
        )
        if not has_room:
            tables.record_attempt(
                delivery_id, FAILED, None, "dropped: too many webhooks waiting to be sent", call.at
            )
        tables.forget_beyond(tenant, DELIVERIES_KEPT)
        self._delivery.wake()
        return Hop(answered_by=target_id)


class AiAgentTargets:
    def __init__(self, tables: VoiceAppTables) -> None:
        self._tables = tables

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        return self._tables.agent_voice_app(tenant, account_id, target_id) is not None

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        del call
        return Hop(next=self._tables.agent_voice_app(tenant, account_id, target_id))
