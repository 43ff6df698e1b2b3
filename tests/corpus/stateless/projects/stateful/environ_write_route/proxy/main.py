from fastapi import FastAPI

from proxy.keys import router

app = FastAPI()
app.include_router(router)
