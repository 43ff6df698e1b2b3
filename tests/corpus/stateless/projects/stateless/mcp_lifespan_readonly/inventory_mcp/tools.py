"""Inventory tools; reservations and their audit rows go to the database."""

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
        session.exec(
            text("INSERT INTO audit (line) VALUES (:line)"),
            params={"line": f"reserved {quantity} x {sku} in {app.warehouse}"},
        )
        session.commit()
    return "reserved"


@mcp.tool()
def audit_log(ctx: Context) -> list[str]:
    """The last reservations."""
    lines: list[str] = []
    with Session(ctx.request_context.lifespan_context.engine) as session:
        for row in session.exec(text("SELECT line FROM audit ORDER BY id DESC LIMIT 50")):
            lines.append(row.line)
    return lines
