from fastapi import FastAPI

from svc.backend import get_backend

app = FastAPI()


@app.post("/complete")
def complete(prompt: str) -> dict[str, str]:
    return {"text": get_backend().complete(prompt)}
