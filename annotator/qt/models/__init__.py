"""Qt item models over the project (lazy: they hold ids, not texts)."""
