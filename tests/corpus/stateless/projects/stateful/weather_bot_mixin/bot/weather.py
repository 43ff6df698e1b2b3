"""Weather lookups that remember the last city."""

from bot.base import BaseBot
from bot.mixins import LastQueryMixin


class WeatherBot(LastQueryMixin, BaseBot):
    def forecast(self, city: str | None) -> str:
        target = city or self.follow_up_target()
        if target is None:
            return "Which city?"
        self.note_query(target)
        data = self.http.get("https://wttr.in/" + target, params={"format": "j1"}).json()
        return data["current_condition"][0]["weatherDesc"][0]["value"]
