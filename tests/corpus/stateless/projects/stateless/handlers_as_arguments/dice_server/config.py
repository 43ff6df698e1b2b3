from dataclasses import dataclass


@dataclass(frozen=True)
class DiceConfig:
    max_sides: int = 100
    default_sides: int = 6
