from fastapi import Depends, FastAPI

from app.deps import rate_limit

app = FastAPI(dependencies=[Depends(rate_limit)])


@app.post("/complete")
async def complete(prompt: str) -> dict[str, str]:
    return {"completion": prompt}
