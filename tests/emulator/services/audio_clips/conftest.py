"""The calls tests' platform (an account and a user over a real socket)."""

from ..calls.conftest import platform

__all__ = ["platform"]
