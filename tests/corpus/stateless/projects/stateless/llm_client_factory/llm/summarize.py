from fastapi import FastAPI

from llm.clients import build_client

app = FastAPI()
client = build_client()


@app.post("/summaries")
async def summarize(text: str) -> dict[str, str]:
    response = await client.responses.create(
        model="gpt-4o-mini", input=f"Summarize in two sentences:\n{text}"
    )
    return {"summary": response.output_text}
