from fastapi import FastAPI, HTTPException

from app.flags import enabled

app = FastAPI()


@app.post("/beta/agent")
async def beta_agent(prompt: str) -> dict[str, str]:
    if not enabled("beta_agent"):
        raise HTTPException(status_code=404)
    return {"answer": prompt}
