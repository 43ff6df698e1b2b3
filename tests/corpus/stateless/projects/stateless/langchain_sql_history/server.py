from fastapi import FastAPI

from chains.chat import chat

app = FastAPI()


@app.post("/chat/{session_id}")
async def post(session_id: str, text: str) -> dict[str, str]:
    msg = await chat.ainvoke(text, config={"configurable": {"session_id": session_id}})
    return {"reply": msg.content}
