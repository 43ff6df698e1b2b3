from .weather import WeatherClient

__all__ = ["WeatherClient"]
