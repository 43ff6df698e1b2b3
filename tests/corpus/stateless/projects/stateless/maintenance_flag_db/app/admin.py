"""Admin router: the maintenance switch is a row every instance reads."""

from fastapi import APIRouter

from app.db import SessionDep, Setting


def build_admin_router(prefix: str = "/admin") -> APIRouter:
    router = APIRouter(prefix=prefix, tags=["admin"])

    async def toggle_maintenance(session: SessionDep) -> dict[str, bool]:
        setting = session.get(Setting, "maintenance") or Setting(key="maintenance", value="off")
        setting.value = "off" if setting.value == "on" else "on"
        session.add(setting)
        session.commit()
        return {"maintenance": setting.value == "on"}

    async def status(session: SessionDep) -> dict[str, bool]:
        setting = session.get(Setting, "maintenance")
        return {"maintenance": setting is not None and setting.value == "on"}

    router.add_api_route("/maintenance", toggle_maintenance, methods=["POST"])
    router.add_api_route("/status", status, methods=["GET"])
    return router
