"""Agents SDK tools that read and write through a database session per call."""

from agents import Agent, RunContextWrapper, function_tool
from pydantic import BaseModel
from sqlmodel import Session, select

from app.db import engine
from app.models import Ticket


class SupportContext(BaseModel):
    user_id: str


@function_tool
def open_ticket(ctx: RunContextWrapper[SupportContext], subject: str) -> str:
    """Open a support ticket for the current user."""
    with Session(engine) as session:
        ticket = Ticket(user_id=ctx.context.user_id, subject=subject)
        session.add(ticket)
        session.commit()
        session.refresh(ticket)
        return f"ticket {ticket.id} opened"


@function_tool
def my_tickets(ctx: RunContextWrapper[SupportContext]) -> list[str]:
    """List the current user's tickets."""
    with Session(engine) as session:
        rows = session.exec(select(Ticket).where(Ticket.user_id == ctx.context.user_id))
        return [row.subject for row in rows]


support_agent = Agent[SupportContext](
    name="support", instructions="Open and list tickets.", tools=[open_ticket, my_tickets]
)
