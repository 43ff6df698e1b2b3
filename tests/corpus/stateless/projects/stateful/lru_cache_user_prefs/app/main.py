from fastapi import FastAPI

from app.users import load_preferences

app = FastAPI()


@app.get("/prefs/{user_id}")
def prefs(user_id: str) -> dict[str, str]:
    return load_preferences(user_id)
