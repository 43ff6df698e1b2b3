from fastapi import FastAPI

from app.routes import router

app = FastAPI(title="chat")
app.include_router(router)
