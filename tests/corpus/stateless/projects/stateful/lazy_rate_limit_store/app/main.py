from fastapi import Depends, FastAPI

from app.deps import enforce_rate_limit

app = FastAPI(dependencies=[Depends(enforce_rate_limit)])


@app.post("/summaries")
def summarize(text: str) -> dict[str, str]:
    return {"summary": text[:200]}
