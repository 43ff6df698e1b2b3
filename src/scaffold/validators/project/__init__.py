"""The project index: what each module defines and imports, resolved across the run's files."""
