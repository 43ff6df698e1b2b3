# expect: SA104
"""MCP server exposing the weather bot."""

from mcp.server.fastmcp import FastMCP

from bot.weather import WeatherBot

mcp = FastMCP("weather")
bot = WeatherBot("forecast")


@mcp.tool()
def forecast(city: str | None = None) -> str:
    """Current weather; without a city, the city asked about last."""
    return bot.forecast(city)


if __name__ == "__main__":
    mcp.run()
