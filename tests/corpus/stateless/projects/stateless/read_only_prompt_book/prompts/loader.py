from pathlib import Path

PROMPT_DIR = Path(__file__).parent / "templates"
PROMPTS: dict[str, str] = {p.stem: p.read_text() for p in PROMPT_DIR.glob("*.md")}


class PromptBook:
    def __init__(self, prompts: dict[str, str]) -> None:
        self._prompts = prompts

    def get(self, name: str, **values: str) -> str:
        return self._prompts[name].format(**values)


book = PromptBook(PROMPTS)
