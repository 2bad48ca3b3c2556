"""The project file: an SQLite database managed with sqlite-utils."""
