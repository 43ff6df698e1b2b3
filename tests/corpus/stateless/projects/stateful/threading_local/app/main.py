from fastapi import FastAPI, Header

from app.ctx import current_user, remember_user

app = FastAPI()


@app.get("/me")
def me(x_user: str = Header()) -> dict[str, str | None]:
    remember_user(x_user)
    return {"user": current_user()}
