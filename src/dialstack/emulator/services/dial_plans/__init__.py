"""Schedules and dial plans: a plan is a graph an inbound call walks (schedule nodes read the
tenant's clock) to the routing target it hands the call to; registered with the router as
``dp``."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import dial_plans, examples, schedules
from .tables import SCHEMA, DialPlanTables
from .targets import DialPlanTargets


def _connect(runtime: Runtime) -> None:
    tables = DialPlanTables(runtime.db)
    runtime.hold(tables)
    targets = DialPlanTargets(tables, runtime)
    runtime.router.register("dp", targets)
    runtime.router.register_referrers(targets.routing_to)


SERVICE = Service(
    name="dial_plans",
    operations={**schedules.OPERATIONS, **dial_plans.OPERATIONS},
    schema=SCHEMA,
    connect=_connect,
    examples={"schedule_id": examples.schedule, "dial_plan_id": examples.dial_plan},
)
