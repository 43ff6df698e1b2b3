from fastapi import FastAPI

from app.usage import router

app = FastAPI()
app.include_router(router)
