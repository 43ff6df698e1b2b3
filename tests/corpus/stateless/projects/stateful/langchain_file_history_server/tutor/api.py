from fastapi import FastAPI

from tutor.chain import tutor_chain

app = FastAPI()


@app.post("/tutor/{session_id}")
async def ask(session_id: str, question: str) -> dict[str, str]:
    answer = await tutor_chain.ainvoke(
        {"question": question}, config={"configurable": {"session_id": session_id}}
    )
    return {"answer": answer.content}
