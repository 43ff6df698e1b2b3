import os

from fastapi import FastAPI

from web.csrf import CSRFMiddleware

app = FastAPI()
app.add_middleware(CSRFMiddleware, secret_key=os.environ["SECRET_KEY"])


@app.post("/profile")
async def update_profile(name: str) -> dict[str, str]:
    return {"name": name}
