from fastapi import FastAPI

from app.admin import build_admin_router

app = FastAPI()
app.include_router(build_admin_router())
