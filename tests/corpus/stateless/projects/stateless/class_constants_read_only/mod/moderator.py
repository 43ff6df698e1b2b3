class Moderator:
    BLOCKED: frozenset[str] = frozenset({"password", "ssn"})
    LIMITS: dict[str, int] = {"free": 10, "pro": 100}
    LEVELS = ["low", "medium", "high"]

    def allowed(self, plan: str, count: int) -> bool:
        return count < self.LIMITS.get(plan, 0)

    def flagged(self, text: str) -> bool:
        return any(word in text.lower() for word in self.BLOCKED)


moderator = Moderator()
