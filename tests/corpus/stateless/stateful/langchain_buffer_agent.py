# expect: SA107
"""LangChain conversation chain with a process-wide buffer memory."""

from fastapi import FastAPI
from langchain.chains import ConversationChain
from langchain.memory import ConversationBufferWindowMemory
from langchain_openai import ChatOpenAI

app = FastAPI()
llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
memory = ConversationBufferWindowMemory(k=20, return_messages=True)
chain = ConversationChain(llm=llm, memory=memory)


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    answer = await chain.apredict(input=question)
    return {"answer": answer}
