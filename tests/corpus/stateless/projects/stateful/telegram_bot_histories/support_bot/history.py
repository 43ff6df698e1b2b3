# expect: SA101
"""What each user said to the bot so far."""

histories: dict[int, list[str]] = {}


def remember(user_id: int, text: str) -> list[str]:
    turns = histories.setdefault(user_id, [])
    turns.append(text)
    return turns
