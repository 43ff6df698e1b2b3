from fastapi import FastAPI

from assistant.routes import router

app = FastAPI()
app.include_router(router)
