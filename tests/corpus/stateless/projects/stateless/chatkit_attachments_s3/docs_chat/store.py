from chatkit.store import Store
from chatkit.types import ThreadMetadata
from sqlalchemy import Engine, text


class DatabaseStore(Store[dict]):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def load_thread(self, thread_id: str, context: dict) -> ThreadMetadata:
        with self.engine.connect() as connection:
            payload = connection.execute(
                text("SELECT payload FROM threads WHERE id = :id"), {"id": thread_id}
            ).scalar_one()
        return ThreadMetadata.model_validate_json(payload)
