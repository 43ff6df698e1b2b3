from fastapi import FastAPI

from runner.state import RunState

app = FastAPI()


@app.post("/run")
async def run(goal: str) -> dict[str, object]:
    state = RunState()
    for step in ("plan", "act", "check"):
        state.add(f"{step}:{goal}", tokens=len(goal))
    return {"steps": state.steps, "tokens": state.tokens}
