# expect: SA101
_documents: list[str] = []


def add_document(text: str) -> int:
    _documents.append(text)
    return len(_documents)


def search(query: str) -> list[str]:
    return [d for d in _documents if query.lower() in d.lower()]
