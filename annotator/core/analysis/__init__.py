"""Reading across a whole project: full-text search and statistics."""
