from fastapi import FastAPI

from gateway.admin import router

app = FastAPI()
app.include_router(router)
