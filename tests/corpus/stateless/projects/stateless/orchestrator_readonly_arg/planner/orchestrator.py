from openai import AsyncOpenAI

from planner.toolbox import Toolbox


class Orchestrator:
    def __init__(self, tools: Toolbox, model: str = "gpt-4o") -> None:
        self.tools = tools
        self.model = model
        self.client = AsyncOpenAI()

    async def plan(self, task: str, notes: list[str]) -> str:
        hits = await self.tools.search(task)
        response = await self.client.responses.create(
            model=self.model, input=f"Notes: {notes}\nSources: {hits}\nTask: {task}"
        )
        return response.output_text
