from fastapi import FastAPI, Request

from web.middleware import RequestIdMiddleware, TimingMiddleware

app = FastAPI()
app.add_middleware(RequestIdMiddleware)
app.add_middleware(TimingMiddleware)


@app.get("/")
async def root(request: Request) -> dict[str, str]:
    return {"id": request.state.request_id}
