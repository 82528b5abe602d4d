"""Users as routing targets: a call routed to a user rings that user."""

from ...core.errors import ResourceMissing
from ...core.ports import Hop, RoutedCall
from .tables import UserTables


class UserTargets:
    def __init__(self, tables: UserTables) -> None:
        self._tables = tables

    def exists(self, tenant: str, account_id: str, target_id: str) -> bool:
        try:
            self._tables.document(tenant, account_id, target_id)
        except ResourceMissing:
            return False
        return True

    def route(self, tenant: str, account_id: str, target_id: str, call: RoutedCall) -> Hop:
        del tenant, account_id, call
        return Hop(rings=(target_id,))
