from fastapi import FastAPI

from ledger import PromptLibrary

app = FastAPI()
prompts = PromptLibrary()


@app.post("/categorize")
def categorize(description: str, amount: float) -> dict[str, str]:
    return {"prompt": prompts.render("categorize", description=description, amount=amount)}
