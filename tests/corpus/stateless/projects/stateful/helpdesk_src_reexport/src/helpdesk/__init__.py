"""Helpdesk service."""

from helpdesk.inbox import Inbox, Ticket

__all__ = ["Inbox", "Ticket"]
