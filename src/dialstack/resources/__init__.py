"""Resource namespaces: ``accounts``, ``users``, ``account_sessions``."""
