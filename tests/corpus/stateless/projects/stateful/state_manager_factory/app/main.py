# expect: SA104
"""Trip planner endpoints."""

from fastapi import FastAPI

from app.state import make_state

app = FastAPI()
state = make_state()


@app.post("/users/{user_id}/login")
def login(user_id: str) -> None:
    state.switch_user(user_id)


@app.post("/itinerary/stops")
def add_stop(city: str) -> dict[str, list[str]]:
    return {"stops": state.add_stop(city)}
