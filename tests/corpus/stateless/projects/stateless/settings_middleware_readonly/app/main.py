from fastapi import FastAPI

from app.middleware import SecurityHeadersMiddleware
from app.settings import settings

app = FastAPI()
app.add_middleware(SecurityHeadersMiddleware, settings=settings)
