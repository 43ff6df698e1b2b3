from fastapi import FastAPI, Request

from gateway.request_id import RequestIdMiddleware

app = FastAPI()
app.add_middleware(RequestIdMiddleware)


@app.get("/whoami")
async def whoami(request: Request) -> dict[str, str]:
    return {"request_id": request.state.request_id}
