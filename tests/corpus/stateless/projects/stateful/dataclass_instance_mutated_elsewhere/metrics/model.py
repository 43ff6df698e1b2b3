from dataclasses import dataclass, field


@dataclass
class Stats:
    per_user: dict[str, int] = field(default_factory=dict)
    errors: int = 0
