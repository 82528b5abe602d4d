"""The request path, one piece per module: request ids, the host/origin/CORS guard, the
gateway (credentials, rate limit, early faults, request log), the operation runner, and the
one place errors become answers."""
