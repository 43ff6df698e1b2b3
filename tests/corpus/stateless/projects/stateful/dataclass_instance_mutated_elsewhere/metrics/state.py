from metrics.model import Stats

stats = Stats()
