SUBSCRIPTIONS: dict[str, set[str]] = {}
