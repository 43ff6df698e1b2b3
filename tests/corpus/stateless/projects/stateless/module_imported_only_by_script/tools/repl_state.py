TRANSCRIPT: list[str] = []


def record(line: str) -> None:
    TRANSCRIPT.append(line)
