from fastapi import FastAPI

from kb.index import add_document, search

app = FastAPI()


@app.post("/documents")
async def post_document(text: str) -> dict[str, int]:
    return {"count": add_document(text)}


@app.get("/search")
async def get_search(q: str) -> list[str]:
    return search(q)
