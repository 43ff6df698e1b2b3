from fastapi import FastAPI

from llm.routes import router

app = FastAPI()
app.include_router(router)
