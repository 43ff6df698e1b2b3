# expect: SA108
import json
from pathlib import Path

DATA_DIR = Path("data/conversations")


def append_turn(conversation_id: str, role: str, content: str) -> list[dict[str, str]]:
    path = DATA_DIR / f"{conversation_id}.json"
    turns = json.loads(path.read_text()) if path.exists() else []
    turns.append({"role": role, "content": content})
    path.write_text(json.dumps(turns))
    return turns
