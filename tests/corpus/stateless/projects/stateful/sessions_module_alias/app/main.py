from fastapi import FastAPI

from app.auth import TokenDep, registry

app = FastAPI()


@app.get("/me")
def me(token: TokenDep) -> dict[str, bool]:
    return {"active": registry.is_active(token)}


@app.post("/logout")
def logout(token: TokenDep) -> None:
    registry.revoke(token)
