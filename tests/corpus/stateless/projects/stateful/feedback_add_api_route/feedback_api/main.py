from fastapi import FastAPI

from .routes import register_feedback_routes


def create_app() -> FastAPI:
    app = FastAPI(title="feedback")
    register_feedback_routes(app)
    return app


app = create_app()
