"""What every service shares: tenancy, the clock, ids, idempotency, faults, the request log,
pages, the database, errors, the handler request type, ``Runtime``, the ``Service``
declaration and the ports that cross from one service to another."""
