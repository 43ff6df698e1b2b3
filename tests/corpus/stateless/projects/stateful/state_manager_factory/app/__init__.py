"""Trip planner API."""
