# expect: SA109
def add_turn(text: str, history: list[str] = []) -> list[str]:
    history.append(text)
    return history
