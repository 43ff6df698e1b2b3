"""Stock quote assistant."""
