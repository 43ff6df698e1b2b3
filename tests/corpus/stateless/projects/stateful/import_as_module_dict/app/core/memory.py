from collections import defaultdict

CONVERSATIONS: defaultdict[str, list[str]] = defaultdict(list)
