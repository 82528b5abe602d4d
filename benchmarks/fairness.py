"""What the bare-httpx2 baseline sends: what the SDK sends for a retrieve, headers included."""

import httpx2

from .fixtures import API_KEY

HEADERS = {
    "Authorization": f"Bearer {API_KEY}",
    "Accept": "application/json",
    "User-Agent": "benchmarks/1.0",
}


def check(response: httpx2.Response) -> object:
    """The SDK's reading of an answer, minus the model: a status check, then the JSON."""
    if not response.is_success:
        raise RuntimeError(f"the baseline got HTTP {response.status_code}")
    return response.json()
