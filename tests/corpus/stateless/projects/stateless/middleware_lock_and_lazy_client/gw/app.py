from fastapi import FastAPI

from gw.middleware import AuthCheckMiddleware

app = FastAPI()
app.add_middleware(AuthCheckMiddleware, auth_url="https://auth.example")
