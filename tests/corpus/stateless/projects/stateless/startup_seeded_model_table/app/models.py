import httpx

MODELS: dict[str, int] = {}


def load_models(base_url: str) -> None:
    data = httpx.get(f"{base_url}/models").json()
    for item in data["data"]:
        MODELS[item["id"]] = item.get("context_window", 0)
