"""Helpers for testing code that uses DialStack.

``dialstack.testing.pytest_plugin`` is the pytest plugin that installing ``dialstack``
registers (fixtures ``dialstack_emulator``, ``dialstack_client``, ``async_dialstack_client``,
``dialstack_emulator_server``). Nothing here is imported by ``import dialstack``.
"""
