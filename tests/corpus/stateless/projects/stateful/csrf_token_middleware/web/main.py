from fastapi import FastAPI

from web.csrf import CSRFMiddleware

app = FastAPI()
app.add_middleware(CSRFMiddleware, cookie_name="csrf")


@app.post("/profile")
async def update_profile(name: str) -> dict[str, str]:
    return {"name": name}
