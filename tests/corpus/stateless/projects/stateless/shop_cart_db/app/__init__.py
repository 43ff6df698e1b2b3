"""Shop API."""
