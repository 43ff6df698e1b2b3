from fastapi import FastAPI

from memgraph.graph import graph

app = FastAPI()


@app.post("/users/{user_id}/messages")
async def post(user_id: str, text: str) -> dict[str, int]:
    out = await graph.ainvoke(
        {"messages": [("user", text)]}, config={"configurable": {"user_id": user_id}}
    )
    return {"n": len(out["messages"])}
