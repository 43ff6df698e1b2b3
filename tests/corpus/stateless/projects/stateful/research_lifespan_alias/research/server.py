# expect: SA106
"""Research tools: fetch pages once, keep notes per topic."""

from mcp.server.fastmcp import Context, FastMCP

from research.lifespan import ResearchState, research_lifespan

mcp = FastMCP("research", lifespan=research_lifespan)


@mcp.tool()
async def fetch_page(url: str, ctx: Context) -> str:
    """Text of a web page, skipped if it was already read."""
    state: ResearchState = ctx.request_context.lifespan_context
    if url in state.visited:
        return "already read"
    state.visited.add(url)
    response = await state.http.get(url)
    return response.text[:5000]


@mcp.tool()
async def save_note(topic: str, summary: str, ctx: Context) -> str:
    """Remember a summary under a topic."""
    state: ResearchState = ctx.request_context.lifespan_context
    state.notes[topic] = summary
    return f"{len(state.notes)} topics"


if __name__ == "__main__":
    mcp.run()
