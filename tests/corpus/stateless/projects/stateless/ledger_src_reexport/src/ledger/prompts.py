"""Prompt templates, loaded from the package when the library is created."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined


class PromptLibrary:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or Path(__file__).with_name("templates")
        self.environment = Environment(
            loader=FileSystemLoader(self.directory), undefined=StrictUndefined
        )

    def render(self, name: str, **values: object) -> str:
        return self.environment.get_template(f"{name}.j2").render(**values)
