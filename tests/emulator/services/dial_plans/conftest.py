"""The calls tests' platform (an account with a user over a real socket) serves these too."""

from ..calls.conftest import platform

__all__ = ["platform"]
