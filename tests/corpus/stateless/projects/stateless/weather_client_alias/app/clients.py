"""Read-only clients of outside services."""

import httpx


class WeatherClient:
    def __init__(self, base_url: str, api_key: str) -> None:
        self.base_url = base_url
        self._http = httpx.AsyncClient(
            base_url=base_url, headers={"x-api-key": api_key}, timeout=10.0
        )

    async def forecast(self, city: str) -> dict:
        response = await self._http.get("/forecast", params={"city": city})
        response.raise_for_status()
        return response.json()
