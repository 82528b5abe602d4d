"""What SQLite plans for the statements a piece of emulator code really runs: the index tests
of each service read it to prove a list filter is served by its own index."""

from collections.abc import Callable

from dialstack.emulator.core.runtime import Runtime


def query_plans(runtime: Runtime, run: Callable[[], object]) -> list[list[str]]:
    """``EXPLAIN QUERY PLAN`` of each statement ``run`` executes, in order: one list of plan
    lines (``SEARCH ... USING INDEX ...``) per statement."""
    statements: list[str] = []
    runtime.db.connection.set_trace_callback(statements.append)
    try:
        run()
    finally:
        runtime.db.connection.set_trace_callback(None)
    return [
        [row[3] for row in runtime.db.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()]
        for statement in statements
    ]
