from fastapi import FastAPI

from helpdesk.api import router

app = FastAPI(title="helpdesk")
app.include_router(router)
