from dataclasses import dataclass, field


@dataclass
class RunState:
    steps: list[str] = field(default_factory=list)
    tokens: int = 0

    def add(self, step: str, tokens: int) -> None:
        self.steps.append(step)
        self.tokens += tokens
