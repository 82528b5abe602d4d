"""Where a request goes: an absolute URL and the query to send with it."""

from collections.abc import Mapping
from typing import Any, NamedTuple


class Cursor(NamedTuple):
    """A call's target; for a list, the page it fetches (the next one's comes from the API)."""

    url: str
    params: Mapping[str, Any]

    def key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What two requests for the same page have in common."""
        return self.url, tuple(sorted((k, str(v)) for k, v in self.params.items()))
