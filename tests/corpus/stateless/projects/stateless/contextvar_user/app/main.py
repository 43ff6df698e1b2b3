from fastapi import FastAPI

from app.ctx import current_user
from app.middleware import UserMiddleware

app = FastAPI()
app.add_middleware(UserMiddleware)


@app.get("/me")
async def me() -> dict[str, str | None]:
    return {"user": current_user.get()}
