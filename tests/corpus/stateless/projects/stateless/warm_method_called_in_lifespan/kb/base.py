from dataclasses import dataclass, field


@dataclass
class KnowledgeBase:
    docs: list[str]
    _index: dict[str, list[int]] = field(default_factory=dict, init=False)
    _vocab: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        for i, doc in enumerate(self.docs):
            for word in doc.lower().split():
                self._index.setdefault(word, []).append(i)

    def warm(self) -> None:
        self._vocab = set(self._index)

    def lookup(self, word: str) -> list[str]:
        return [self.docs[i] for i in self._index.get(word.lower(), [])]
