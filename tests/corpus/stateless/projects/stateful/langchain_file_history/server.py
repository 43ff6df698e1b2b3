from fastapi import FastAPI

from chains.chat import chat_chain

app = FastAPI()


@app.post("/ask/{session_id}")
async def ask(session_id: str, question: str) -> dict[str, str]:
    msg = await chat_chain.ainvoke(
        {"question": question}, config={"configurable": {"session_id": session_id}}
    )
    return {"answer": msg.content}
