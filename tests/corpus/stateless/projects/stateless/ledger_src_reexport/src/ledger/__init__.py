"""Bookkeeping assistant."""

from ledger.prompts import PromptLibrary

__all__ = ["PromptLibrary"]
