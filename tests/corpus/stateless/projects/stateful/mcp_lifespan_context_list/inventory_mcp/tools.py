# expect: SA106
"""Inventory tools; every reservation is added to the audit list."""

from mcp.server.fastmcp import Context
from sqlmodel import Session, text

from inventory_mcp.server import mcp


@mcp.tool()
def reserve(sku: str, quantity: int, ctx: Context) -> str:
    """Reserve stock for an order."""
    app = ctx.request_context.lifespan_context
    with Session(app.engine) as session:
        session.exec(
            text("UPDATE stock SET reserved = reserved + :q WHERE sku = :sku"),
            params={"q": quantity, "sku": sku},
        )
        session.commit()
    ctx.request_context.lifespan_context.audit.append(f"reserved {quantity} x {sku}")
    return "reserved"


@mcp.tool()
def audit_log(ctx: Context) -> list[str]:
    """Every reservation made so far."""
    return ctx.request_context.lifespan_context.audit
