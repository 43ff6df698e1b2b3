from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgentConfig:
    model: str = "gpt-4o-mini"
    tools: tuple[str, ...] = ("search", "calc")
    temperatures: dict[str, float] = field(default_factory=lambda: {"chat": 0.7, "code": 0.1})


CONFIG = AgentConfig()
