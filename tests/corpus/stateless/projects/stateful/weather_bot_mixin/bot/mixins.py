"""Remembers the last thing a bot was asked, to answer follow-ups."""


class LastQueryMixin:
    last_query: str | None = None

    def note_query(self, query: str) -> None:
        self.last_query = query

    def follow_up_target(self) -> str | None:
        return self.last_query
