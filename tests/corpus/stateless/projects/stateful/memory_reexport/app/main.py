from fastapi import FastAPI

from app.chat import router

app = FastAPI()
app.include_router(router)
