"""The registry: every package here is one API domain and exposes ``SERVICE``.

Found by listing this folder (sorted by name), so a new domain is a new package and edits no
shared list; no service imports another (what crosses domains goes through ``core.ports``).
"""

import importlib
import pkgutil
from functools import cache

from ..core.service import Service


@cache
def discover() -> tuple[Service, ...]:
    found: list[Service] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
        if not module.ispkg:
            continue
        service = importlib.import_module(f"{__name__}.{module.name}").SERVICE
        if not isinstance(service, Service):
            raise TypeError(f"{__name__}.{module.name}.SERVICE is not a Service")
        found.append(service)
    return tuple(found)
