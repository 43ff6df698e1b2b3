"""Plans a task with the model, using the scratch pad as context."""

from openai import AsyncOpenAI

from planner.scratchpad import ScratchPad


class Orchestrator:
    def __init__(self, memory: ScratchPad, model: str = "gpt-4o") -> None:
        self.memory = memory
        self.model = model
        self.client = AsyncOpenAI()

    async def plan(self, task: str) -> str:
        context = "\n".join(self.memory.recent())
        response = await self.client.responses.create(
            model=self.model, input=f"Notes so far:\n{context}\n\nTask: {task}"
        )
        self.memory.jot(f"{task} -> {response.output_text[:80]}")
        return response.output_text
