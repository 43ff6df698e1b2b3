"""Support tickets waiting for an agent."""

from dataclasses import dataclass


@dataclass
class Ticket:
    id: int
    customer: str
    subject: str
    status: str = "open"


class Inbox:
    def __init__(self) -> None:
        self.tickets: list[Ticket] = []
        self._next_id = 1

    def open(self, customer: str, subject: str) -> Ticket:
        ticket = Ticket(self._next_id, customer, subject)
        self._next_id += 1
        self.tickets.append(ticket)
        return ticket

    def close(self, ticket_id: int) -> None:
        for ticket in self.tickets:
            if ticket.id == ticket_id:
                ticket.status = "closed"

    def open_tickets(self) -> list[Ticket]:
        return [ticket for ticket in self.tickets if ticket.status == "open"]
