"""Model prices per million tokens, loaded once from a CSV file."""

import csv
from pathlib import Path


class PriceTable:
    def __init__(self, path: Path) -> None:
        self.rates: dict[str, float] = {}
        self.currency = "USD"
        self._load(path)

    def _load(self, path: Path) -> None:
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                self.rates[row["model"]] = float(row["per_million"])
        if "currency" in self.rates:
            self.currency = "EUR"

    def cost(self, model: str, tokens: int) -> float:
        return self.rates[model] * tokens / 1_000_000
