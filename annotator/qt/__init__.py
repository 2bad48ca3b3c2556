"""The window: thin Qt views and one controller over the core."""
