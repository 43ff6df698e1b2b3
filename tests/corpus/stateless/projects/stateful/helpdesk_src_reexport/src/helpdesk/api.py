# expect: SA104
"""Ticket endpoints."""

from fastapi import APIRouter

from helpdesk import Inbox, Ticket

router = APIRouter(prefix="/tickets")
inbox = Inbox()


@router.post("")
def open_ticket(customer: str, subject: str) -> Ticket:
    return inbox.open(customer, subject)


@router.post("/{ticket_id}/close")
def close_ticket(ticket_id: int) -> None:
    inbox.close(ticket_id)


@router.get("")
def list_tickets() -> list[Ticket]:
    return inbox.open_tickets()
