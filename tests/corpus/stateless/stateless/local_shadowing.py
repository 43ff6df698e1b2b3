"""Local variables that shadow module-level names."""

from collections import defaultdict

history: list[str] = []
cache: dict[str, int] = {}
counts = defaultdict(int)


def summarize(messages: list[str]) -> list[str]:
    history = []
    for message in messages:
        history.append(message.strip())
    return history


def word_lengths(words: list[str]) -> dict[str, int]:
    cache = {}
    for word in words:
        cache[word] = len(word)
    return cache


def tally(words: list[str], counts: dict[str, int]) -> dict[str, int]:
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


def letters(word: str) -> set[str]:
    seen = {char for char in word}
    seen.add("")
    return seen
