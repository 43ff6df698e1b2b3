from fastapi import FastAPI

from graphs.build import build_graph

app = FastAPI()
graph = build_graph()


@app.post("/threads/{thread_id}/runs")
async def run(thread_id: str, text: str) -> dict[str, str]:
    out = await graph.ainvoke(
        {"messages": [("user", text)]}, config={"configurable": {"thread_id": thread_id}}
    )
    return {"reply": out["messages"][-1].content}
