from dataclasses import dataclass, field


@dataclass
class AppContext:
    notes: dict[str, str] = field(default_factory=dict)
    owner: str = "team"
