import os

from fastapi import FastAPI

from pkg.clients import WeatherClient as WC

app = FastAPI()
weather = WC("https://api.weather.example", os.environ.get("WEATHER_KEY", ""))


@app.get("/forecast/{city}")
def forecast(city: str) -> dict[str, object]:
    return weather.forecast(city)
