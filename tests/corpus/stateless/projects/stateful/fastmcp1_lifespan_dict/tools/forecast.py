# expect: SA106
from mcp.server.fastmcp import Context

from server import mcp


@mcp.tool()
async def forecast(city: str, ctx: Context) -> str:
    state = ctx.request_context.lifespan_context
    cached = state["seen"].get(city)
    if cached:
        return cached
    resp = await state["http"].get("/forecast", params={"city": city})
    state["seen"][city] = resp.text
    return resp.text
