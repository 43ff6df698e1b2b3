import json
from pathlib import Path


class ToolCatalog:
    def __init__(self, path: str) -> None:
        self.path = path
        self.tools: dict[str, dict[str, str]] = {}
        self._load()

    def _load(self) -> None:
        for entry in json.loads(Path(self.path).read_text()):
            self._register(entry)

    def _register(self, entry: dict[str, str]) -> None:
        self.tools[entry["name"]] = entry

    def describe(self, name: str) -> str:
        return self.tools[name]["description"]


catalog = ToolCatalog("tools.json")
