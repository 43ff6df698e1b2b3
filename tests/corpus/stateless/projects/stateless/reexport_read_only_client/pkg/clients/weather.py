import httpx


class WeatherClient:
    def __init__(self, base_url: str, api_key: str) -> None:
        self.base_url = base_url
        self._headers = {"Authorization": f"Bearer {api_key}"}
        self._http = httpx.Client(base_url=base_url, headers=self._headers)

    def forecast(self, city: str) -> dict[str, object]:
        return self._http.get("/forecast", params={"city": city}).json()
