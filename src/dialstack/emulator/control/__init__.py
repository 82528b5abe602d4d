"""The ``/_emulator/`` routes every emulator has, their guard, and the Python control client."""
