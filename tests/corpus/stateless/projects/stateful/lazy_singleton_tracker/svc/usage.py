class UsageTracker:
    def __init__(self) -> None:
        self.totals: dict[str, int] = {}

    def record(self, user_id: str, tokens: int) -> None:
        self.totals[user_id] = self.totals.get(user_id, 0) + tokens

    def total(self, user_id: str) -> int:
        return self.totals.get(user_id, 0)
