from .inmem import TurnStore

__all__ = ["TurnStore"]
