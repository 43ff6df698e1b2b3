# expect: SA102
"""Admin router: a maintenance switch kept in a closure."""

from fastapi import APIRouter


def build_admin_router() -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["admin"])
    maintenance = False

    async def toggle_maintenance() -> dict[str, bool]:
        nonlocal maintenance
        maintenance = not maintenance
        return {"maintenance": maintenance}

    async def status() -> dict[str, bool]:
        return {"maintenance": maintenance}

    router.add_api_route("/maintenance", toggle_maintenance, methods=["POST"])
    router.add_api_route("/status", status, methods=["GET"])
    return router
