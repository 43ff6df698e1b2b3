from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/search")
async def search(request: Request, q: str) -> dict[str, object]:
    request.state.query = q
    resp = await request.app.state.http.get("/", params={"q": q})
    return resp.json()
