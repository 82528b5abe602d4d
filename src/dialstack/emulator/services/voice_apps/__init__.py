"""Voice apps and the AI agents they back: both are routing targets, and a call reaching an
active voice app sends it a signed ``call.received`` (``targets``, ``delivery``)."""

from ...core.runtime import Runtime
from ...core.service import Service
from . import ai_agents, control, examples, voice_apps
from .delivery import CallReceivedDelivery
from .tables import SCHEMA, VoiceAppTables
from .targets import AiAgentTargets, VoiceAppTargets


def _connect(runtime: Runtime) -> None:
    tables = VoiceAppTables(runtime.db)
    delivery = CallReceivedDelivery(tables, runtime.clock, runtime.listening_ports)
    runtime.hold(tables)
    runtime.hold(delivery)
    runtime.router.register("va", VoiceAppTargets(tables, runtime.ids, delivery))
    runtime.router.register("aia", AiAgentTargets(tables))

    def agent_backed_by(tenant: str, account_id: str, target_id: str) -> str | None:
        return tables.agent_backed_by(tenant, account_id, target_id)

    runtime.router.register_referrers(agent_backed_by)
    runtime.on_start.append(delivery.start)
    runtime.on_stop.append(delivery.stop)


SERVICE = Service(
    name="voice_apps",
    operations={**voice_apps.OPERATIONS, **ai_agents.OPERATIONS},
    schema=SCHEMA,
    connect=_connect,
    control_routes=control.control_routes,
    examples={
        "voice_app_id": examples.voice_app,
        "voice_app": lambda world: world.example("voice_app_id"),
        "ai_agent_id": examples.ai_agent,
    },
)
