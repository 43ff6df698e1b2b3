import os

from fastapi import APIRouter

import app.clients as clients

router = APIRouter()
weather = clients.WeatherClient("https://api.weather.example", os.environ["WEATHER_API_KEY"])


@router.get("/forecast/{city}")
async def forecast(city: str) -> dict:
    return await weather.forecast(city)
