from fastapi import FastAPI

from app.routes import router

app = FastAPI(title="shop")
app.include_router(router)
